using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.Health;

internal static class HealthExtensions
{
    /// <summary>
    /// Registers the gateway's readiness checks, and the gauge <c>edgegateway.health.status</c> of the last probe's results.
    /// Unhealthy (503) is kept for what stops this instance as a whole (no merchant key, no key that verifies, no
    /// configuration, shutting down); a dependency every replica shares (Redis) or one merchant's problem is Degraded.
    /// Other features add theirs with <c>builder.Services.AddHealthChecks().AddCheck&lt;T&gt;(name)</c>; /health/ready
    /// runs every registered check.
    /// </summary>
    public static WebApplicationBuilder AddGatewayHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>(RedisHealthCheck.Name)
            .AddCheck<MerchantKeysHealthCheck>(MerchantKeysHealthCheck.Name)
            .AddCheck<VerificationKeysHealthCheck>(VerificationKeysHealthCheck.Name)
            .AddCheck<ConfigurationHealthCheck>(ConfigurationHealthCheck.Name)
            .AddCheck<DrainingHealthCheck>(DrainingHealthCheck.Name);
        builder.Services.AddSingleton<HealthMetrics>();
        return builder;
    }

    /// <summary>
    /// <c>/health/ready</c> on the management listener: 200 when every registered check is Healthy or
    /// Degraded, 503 when any is Unhealthy, with the report as JSON either way.
    /// </summary>
    public static RouteGroupBuilder MapGatewayHealth(this RouteGroupBuilder management)
    {
        management.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = null, // every registered check, including those other features add
            ResponseWriter = (context, report) =>
            {
                context.RequestServices.GetRequiredService<HealthMetrics>().Record(report);
                return HealthResponseWriter.WriteAsync(context, report);
            },
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return management;
    }
}
