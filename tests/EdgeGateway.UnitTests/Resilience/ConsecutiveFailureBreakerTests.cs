using EdgeGateway.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace EdgeGateway.UnitTests.Resilience;

/// <summary>The breaker that opens on failures in a row, whatever the rate.</summary>
public sealed class ConsecutiveFailureBreakerTests
{
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(30);

    private static (ConsecutiveFailureBreaker Breaker, FakeTimeProvider Time, List<CircuitState> Transitions) Breaker(int threshold)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var transitions = new List<CircuitState>();
        return (new ConsecutiveFailureBreaker(threshold, Break, time, transitions.Add), time, transitions);
    }

    private static void Call(ConsecutiveFailureBreaker breaker, bool failure)
    {
        Assert.True(breaker.TryEnter(out _, out var probe));
        breaker.Record(failure, probe);
    }

    [Fact]
    public void Record_ThresholdFailuresInARow_Opens()
    {
        var (breaker, _, transitions) = Breaker(threshold: 3);

        Call(breaker, failure: true);
        Call(breaker, failure: true);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Call(breaker, failure: true);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter(out var retryAfter, out _));
        Assert.Equal(Break, retryAfter);
        Assert.Equal([CircuitState.Open], transitions);
    }

    [Fact]
    public void Record_SuccessBetweenFailures_ResetsTheCount()
    {
        var (breaker, _, transitions) = Breaker(threshold: 3);

        Call(breaker, failure: true);
        Call(breaker, failure: true);
        Call(breaker, failure: false);
        Call(breaker, failure: true);
        Call(breaker, failure: true);

        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Empty(transitions);
    }

    [Fact]
    public void TryEnter_AfterBreakDuration_LetsOneProbeThroughWhoseSuccessCloses()
    {
        var (breaker, time, transitions) = Breaker(threshold: 2);
        Call(breaker, failure: true);
        Call(breaker, failure: true);

        time.Advance(Break);

        Assert.True(breaker.TryEnter(out _, out var probe));
        Assert.True(probe);
        Assert.False(breaker.TryEnter(out var waitDuringProbe, out _));
        Assert.Null(waitDuringProbe);
        breaker.Record(failure: false, probe);
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed], transitions);
    }

    [Fact]
    public void Record_ProbeFails_OpensForAnotherBreakDuration()
    {
        var (breaker, time, transitions) = Breaker(threshold: 2);
        Call(breaker, failure: true);
        Call(breaker, failure: true);
        time.Advance(Break);

        Call(breaker, failure: true);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter(out var retryAfter, out _));
        Assert.Equal(Break, retryAfter);
        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Open], transitions);
    }

    [Fact]
    public void Abandon_ProbeThatNeverRan_LetsTheNextCallProbe()
    {
        var (breaker, time, _) = Breaker(threshold: 1);
        Call(breaker, failure: true);
        time.Advance(Break);
        Assert.True(breaker.TryEnter(out _, out var probe));

        breaker.Abandon(probe);

        Assert.True(breaker.TryEnter(out _, out var again));
        Assert.True(again);
    }
}
