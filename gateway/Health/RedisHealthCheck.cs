using EdgeGateway.Configuration;
using EdgeGateway.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace EdgeGateway.Health;

/// <summary>
/// Shared state: Healthy when Redis answers a PING within the operation timeout, or when no Redis is configured
/// and the gateway runs on its in-memory store (correct for one instance, and said so). Redis away is
/// <b>Degraded, never Unhealthy</b>: the instance still serves (fail-open quotas admit on their local fallback, the
/// status cache falls through to WeChat Pay, queries and every route without a fail-closed Redis feature work), and
/// what does need Redis refuses per route, not per instance (a FailClosed quota or the duplicate guard answers 503
/// on its money-moving routes; callback ingress answers 500 so WeChat Pay retries). Every replica shares the same
/// Redis, so taking this one out of the load balancer would help nobody and, on all replicas at once, turn a
/// degraded Redis into a total outage. Never reports the configuration string (it may hold a password).
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis, PolicyCatalogProvider configuration) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConfigured)
        {
            return HealthCheckResult.Healthy("No Redis configured: shared state is in this process's memory (single instance only).",
                new Dictionary<string, object> { ["mode"] = "in_memory" });
        }

        try
        {
            var multiplexer = await redis.GetMultiplexerAsync().WaitAsync(cancellationToken);
            if (!multiplexer.IsConnected)
            {
                return HealthCheckResult.Degraded(DownDescription("Redis is configured but not connected"), data: Down);
            }

            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("Redis answers.",
                new Dictionary<string, object> { ["mode"] = "redis", ["ping_ms"] = Math.Round(latency.TotalMilliseconds, 2) });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded(DownDescription($"Redis did not answer a PING ({ex.GetType().Name})"), data: Down);
        }
    }

    /// <summary>Says which routes refuse meanwhile (FailClosed quota or duplicate guard); the rest serve.</summary>
    private Dictionary<string, object> Down => new() { ["mode"] = "redis_down", ["refused_routes"] = RedisRefusedRoutes.Of(configuration.Active) };

    private static string DownDescription(string what) =>
        what + "; this instance still serves on the features' failure policies (fail-open quotas, status cache bypassed), "
        + "while fail-closed quotas and the duplicate guard refuse their routes with 503 and callbacks answer 500 for WeChat Pay to retry.";
}
