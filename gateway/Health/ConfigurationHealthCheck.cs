using EdgeGateway.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.Health;

/// <summary>
/// The configuration this instance serves: Unhealthy only if none was ever loaded (no routes to serve); Degraded
/// while an edit on disk was rejected and the last good configuration serves (the instance is fine, the files are not).
/// </summary>
internal sealed class ConfigurationHealthCheck(PolicyCatalogProvider configuration) : IHealthCheck
{
    public const string Name = "configuration";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ActiveCatalog active;
        try
        {
            active = configuration.Active;
        }
        catch (InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No configuration has been loaded; the gateway has no routes to serve."));
        }

        var data = new Dictionary<string, object> { ["version"] = active.Version, ["routes"] = active.Routes.Count, ["files_applied"] = configuration.FilesApplied };
        return Task.FromResult(configuration.FilesApplied
            ? HealthCheckResult.Healthy($"Configuration {active.Version} serves {active.Routes.Count} routes.", data)
            : HealthCheckResult.Degraded($"An edit of the configuration was rejected; the last good one ({active.Version}) serves. GET /config says why.", data: data));
    }
}
