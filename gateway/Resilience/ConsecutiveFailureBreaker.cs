using Polly.CircuitBreaker;

namespace EdgeGateway.Resilience;

/// <summary>
/// The second way a route's breaker opens: <c>ConsecutiveFailures</c> failed calls in a row, whatever the rate.
/// The ratio breaker needs <c>MinimumThroughput</c> calls in its window, which a slow, failing WeChat Pay at a few
/// requests a second never reaches. Open for the break duration, then one probe decides: success closes, failure
/// opens again. Thread-safe; time from the injected clock.
/// </summary>
internal sealed class ConsecutiveFailureBreaker(int threshold, TimeSpan breakDuration, TimeProvider time, Action<CircuitState> onTransition)
{
    private readonly Lock _gate = new();
    private int _failures;
    private DateTimeOffset? _openUntil;
    private bool _probing;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _openUntil is null ? CircuitState.Closed : _probing || time.GetUtcNow() >= _openUntil ? CircuitState.HalfOpen : CircuitState.Open;
            }
        }
    }

    /// <summary>
    /// Whether a call may go ahead. When it may not, <paramref name="retryAfter"/> says when the breaker lets a
    /// probe through (null while a probe is in flight); <paramref name="probe"/> says the call is the probe. A
    /// call let through must be ended with <see cref="Record"/> or, when it never reached WeChat Pay, <see cref="Abandon"/>.
    /// </summary>
    public bool TryEnter(out TimeSpan? retryAfter, out bool probe)
    {
        var transition = false;
        lock (_gate)
        {
            retryAfter = null;
            probe = false;
            if (_openUntil is not { } until)
            {
                return true;
            }

            var now = time.GetUtcNow();
            if (now < until)
            {
                retryAfter = until - now;
                return false;
            }

            if (_probing)
            {
                return false;
            }

            _probing = true;
            probe = true;
            transition = true;
        }

        if (transition)
        {
            onTransition(CircuitState.HalfOpen);
        }

        return true;
    }

    /// <summary>Counts the outcome of a call <see cref="TryEnter"/> let through.</summary>
    public void Record(bool failure, bool probe)
    {
        CircuitState? entered = null;
        lock (_gate)
        {
            if (probe)
            {
                _probing = false;
                _failures = failure ? _failures : 0;
                _openUntil = failure ? time.GetUtcNow() + breakDuration : null;
                entered = failure ? CircuitState.Open : CircuitState.Closed;
            }
            else if (_openUntil is null)
            {
                _failures = failure ? _failures + 1 : 0;
                if (_failures >= threshold)
                {
                    _openUntil = time.GetUtcNow() + breakDuration;
                    entered = CircuitState.Open;
                }
            }
        }

        if (entered is { } state)
        {
            onTransition(state);
        }
    }

    /// <summary>Ends a call that never reached WeChat Pay (the ratio breaker refused it): a probe may go again.</summary>
    public void Abandon(bool probe)
    {
        lock (_gate)
        {
            _probing &= !probe;
        }
    }
}
