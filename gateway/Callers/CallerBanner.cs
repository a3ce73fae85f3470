using EdgeGateway.Telemetry;

namespace EdgeGateway.Callers;

/// <summary>Says at start when callers are not really authenticated: the sandbox key, or anonymous access.</summary>
internal sealed partial class CallerBanner(CallerRegistry registry, ILogger<CallerBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (registry.HasSandboxCaller)
        {
            LogSandboxCaller(logger, CallerRegistry.SandboxCallerName);
        }

        if (registry.AllowsUnauthenticated)
        {
            LogUnauthenticatedAllowed(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.SandboxCallerActive, Level = LogLevel.Warning,
        Message = "SANDBOX: no callers configured, so the sandbox caller '{Caller}' with the key published in the README (Try it) may use every route and merchant. Configure EdgeGateway:Callers for anything but trying the gateway out.")]
    private static partial void LogSandboxCaller(ILogger logger, string caller);

    [LoggerMessage(EventId = EventIds.UnauthenticatedCallersAllowed, Level = LogLevel.Warning,
        Message = "EdgeGateway:AllowUnauthenticatedCallers is on: requests without X-Api-Key are served as caller 'anonymous' on every route and merchant. Only safe when something in front of the gateway authenticates callers.")]
    private static partial void LogUnauthenticatedAllowed(ILogger logger);
}
