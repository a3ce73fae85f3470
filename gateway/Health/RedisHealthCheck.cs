using EdgeGateway.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace EdgeGateway.Health;

/// <summary>
/// Ready when shared state is usable: Redis answers a PING within the operation timeout, or no Redis is
/// configured and the gateway runs on its in-memory store (correct for one instance, and said so).
/// Never reports the configuration string (it may hold a password).
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
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
                return HealthCheckResult.Unhealthy("Redis is configured but not connected; features run on their failure policies until it is back.",
                    data: new Dictionary<string, object> { ["mode"] = "redis_down" });
            }

            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy("Redis answers.",
                new Dictionary<string, object> { ["mode"] = "redis", ["ping_ms"] = Math.Round(latency.TotalMilliseconds, 2) });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis did not answer a PING ({ex.GetType().Name}).",
                data: new Dictionary<string, object> { ["mode"] = "redis_down" });
        }
    }
}
