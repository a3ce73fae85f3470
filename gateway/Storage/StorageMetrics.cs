using System.Diagnostics.Metrics;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Storage;

/// <summary>
/// Where shared state lives right now, as a state gauge (1 for the current state, 0 for the others):
/// <c>redis</c> (connected), <c>redis_down</c> (configured but unreachable: features run on their failure
/// policies) or <c>in_memory</c> (no Redis configured: correct for a single instance only).
/// </summary>
internal sealed class StorageMetrics
{
    private const string StateTag = "state";

    public StorageMetrics(IMeterFactory meterFactory, RedisConnection redis)
    {
        var meter = meterFactory.Create(GatewayTelemetry.MeterName);
        meter.CreateObservableGauge("edgegateway.storage.state", () => Observe(redis), "{state}",
            "1 for the current shared-state mode: redis, redis_down or in_memory.");
    }

    private static Measurement<int>[] Observe(RedisConnection redis)
    {
        var state = !redis.IsConfigured ? "in_memory" : redis.IsConnected ? "redis" : "redis_down";
        return
        [
            new(state == "redis" ? 1 : 0, new KeyValuePair<string, object?>(StateTag, "redis")),
            new(state == "redis_down" ? 1 : 0, new KeyValuePair<string, object?>(StateTag, "redis_down")),
            new(state == "in_memory" ? 1 : 0, new KeyValuePair<string, object?>(StateTag, "in_memory")),
        ];
    }
}
