namespace EdgeGateway.Resilience;

/// <summary>
/// The retry budget of one cluster for one retry policy: requests deposit, retries withdraw, both counted over a
/// sliding window of ten slices. A retry is allowed while the retries of the window, itself included, stay within
/// <c>RetryRatio × requests + MinRetriesPerSecond × window seconds</c>. Thread-safe; time from the injected clock.
/// </summary>
internal sealed class RetryBudget
{
    private const int Slices = 10;
    private readonly Lock _gate = new();
    private readonly long[] _requests = new long[Slices];
    private readonly long[] _retries = new long[Slices];
    private readonly long[] _sliceOf = new long[Slices];
    private readonly TimeProvider _time;
    private readonly long _sliceTicks;
    private readonly double _floor;

    public RetryBudget(RetryBudgetSettings settings, TimeProvider time)
    {
        Settings = settings;
        _time = time;
        _sliceTicks = Math.Max(1, settings.Window.Ticks / Slices);
        _floor = settings.MinRetriesPerSecond * settings.Window.TotalSeconds;
        Array.Fill(_sliceOf, -1);
    }

    public RetryBudgetSettings Settings { get; }

    /// <summary>Counts one request that may be retried.</summary>
    public void Deposit()
    {
        lock (_gate)
        {
            _requests[Current()]++;
        }
    }

    /// <summary>Spends one retry when the budget has room; false when the retry must not be made.</summary>
    public bool TryWithdraw()
    {
        lock (_gate)
        {
            var slice = Current();
            long requests = 0, retries = 0;
            for (var i = 0; i < Slices; i++)
            {
                requests += _requests[i];
                retries += _retries[i];
            }

            // A small tolerance, so that 0.2 × 5 requests allows its one retry despite binary fractions.
            if (retries + 1 > Settings.RetryRatio * requests + _floor + 1e-9)
            {
                return false;
            }

            _retries[slice]++;
            return true;
        }
    }

    /// <summary>The slot of the current slice, emptied when it last held an older slice (which has left the window).</summary>
    private int Current()
    {
        var slice = _time.GetUtcNow().UtcTicks / _sliceTicks;
        var slot = (int)(slice % Slices);
        if (_sliceOf[slot] != slice)
        {
            _sliceOf[slot] = slice;
            _requests[slot] = 0;
            _retries[slot] = 0;
        }

        // Slots not touched for a whole window still hold old counts; empty them too.
        for (var i = 0; i < Slices; i++)
        {
            if (_sliceOf[i] >= 0 && slice - _sliceOf[i] >= Slices)
            {
                _sliceOf[i] = -1;
                _requests[i] = 0;
                _retries[i] = 0;
            }
        }

        return slot;
    }
}
