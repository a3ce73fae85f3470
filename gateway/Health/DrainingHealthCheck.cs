using EdgeGateway.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.Health;

/// <summary>
/// Unhealthy from the moment the host starts stopping (SIGTERM, Ctrl+C): a load balancer that still probes sends no
/// new requests while the ones in flight finish. Kestrel stops accepting connections once the readiness delay
/// (<c>EdgeGateway:ShutdownReadinessDelay</c>, default none) has passed; Kubernetes removes a terminating pod from its
/// Service by itself, so there the delay can stay 0 and the preStop pause does the same job.
/// </summary>
internal sealed class DrainingHealthCheck(IHostApplicationLifetime lifetime, ShutdownReadinessDelay shutdown) : IHealthCheck
{
    public const string Name = "draining";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested || shutdown.Stopping
            ? HealthCheckResult.Unhealthy("This instance is shutting down: requests in flight are finishing; send new ones elsewhere.")
            : HealthCheckResult.Healthy("Not shutting down."));
}
