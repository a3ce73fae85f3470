namespace EdgeGateway.Hosting;

/// <summary>
/// Holds the stop for <see cref="ShutdownOptions.ReadinessDelayKey"/> after shutdown starts and before Kestrel stops
/// accepting: /health/ready already answers 503 (the draining check), requests are still served. Runs in the
/// "stopping" phase, which the host finishes for every service before it stops any of them.
/// </summary>
internal sealed class ShutdownReadinessDelay(TimeSpan delay) : IHostedLifecycleService
{
    private volatile bool _stopping;

    public TimeSpan Delay => delay;

    /// <summary>True from the first moment of the host's stop (set here, not read from the lifetime, whose order relative to this phase the host does not promise).</summary>
    public bool Stopping => _stopping;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The shutdown timeout ran out: stop now.
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
