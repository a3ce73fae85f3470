namespace EdgeGateway.Callbacks;

/// <summary>
/// Tells this instance's delivery worker that a callback was just accepted, so it starts delivering at once
/// instead of at its next poll. Other instances still find the event by polling the shared store.
/// </summary>
internal sealed class CallbackArrivals : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled and not yet seen: one wake-up covers every arrival until then.
        }
    }

    /// <summary>Waits until <see cref="Notify"/> or until <paramref name="delay"/> has passed on <paramref name="timeProvider"/>.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrival = _signal.WaitAsync(stop.Token);
        var timeout = Task.Delay(delay, timeProvider, stop.Token);
        await Task.WhenAny(arrival, timeout);
        await stop.CancelAsync();
        await Task.WhenAll(arrival, timeout).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _signal.Dispose();
}
