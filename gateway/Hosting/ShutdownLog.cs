using EdgeGateway.Telemetry;

namespace EdgeGateway.Hosting;

/// <summary>Says when a shutdown starts draining, how many requests it waits for, and how it ended.</summary>
internal sealed partial class ShutdownLog(IHostApplicationLifetime lifetime, InFlightRequests inFlight, TimeProvider timeProvider, IConfiguration configuration,
    ILogger<ShutdownLog> logger) : IHostedService
{
    private long _stoppingAt;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            _stoppingAt = timeProvider.GetTimestamp();
            LogDraining(logger, inFlight.Count, configuration.GetValue(ShutdownOptions.Key, ShutdownOptions.DefaultTimeout));
        });
        lifetime.ApplicationStopped.Register(() => LogDrained(logger, timeProvider.GetElapsedTime(_stoppingAt), inFlight.Count));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.ShutdownDraining, Level = LogLevel.Warning,
        Message = "Shutting down: no new connections are accepted; waiting up to {ShutdownTimeout} for {InFlight} request(s) in flight, then stopping callback delivery")]
    private static partial void LogDraining(ILogger logger, long inFlight, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = EventIds.ShutdownDrained, Level = LogLevel.Warning,
        Message = "Stopped after {Elapsed}; {Remaining} request(s) were still in flight and were cut off")]
    private static partial void LogDrained(ILogger logger, TimeSpan elapsed, long remaining);
}
