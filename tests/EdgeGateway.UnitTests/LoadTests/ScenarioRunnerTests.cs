using System.Collections.Concurrent;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.UnitTests.LoadTests;

public sealed class ScenarioRunnerTests
{
    [Fact]
    public async Task Request_numbers_never_repeat_across_warm_up_measured_phase_and_later_runs()
    {
        // Scenarios derive out_trade_no from the number: a repeat would be answered by the duplicate guard's record.
        var seen = new ConcurrentBag<long>();
        var scenario = new Scenario("numbers", "records the numbers it is given", async (n, ct) =>
        {
            seen.Add(n);
            await Task.Delay(1, ct);
            return new StepOutcome(200);
        });
        var runner = new ScenarioRunner();

        var open = await runner.RunAsync(scenario, new ConstantRate(500, TimeSpan.FromMilliseconds(200)), TimeSpan.FromMilliseconds(200), CancellationToken.None);
        var closed = await runner.RunAsync(scenario, new ClosedModel(4, TimeSpan.FromMilliseconds(100)), TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(100, open.Completed);
        Assert.True(closed.Completed > 0);
        Assert.True(seen.Count > open.Completed + closed.Completed, "the warm-up phase ran too");
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
