using EdgeGateway.Storage;

namespace EdgeGateway.Quotas;

/// <summary>
/// Starts connecting to Redis when the gateway starts, without waiting for it, so that the first requests find the
/// connection up instead of spending their short quota timeout on the connect (and falling onto the failure policy).
/// </summary>
internal sealed class QuotaRedisWarmup(RedisConnection redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis.IsConfigured)
        {
            // Not awaited: start-up never waits on Redis; a failed connect is logged by the connection and retried.
            _ = redis.GetMultiplexerAsync();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
