using EdgeGateway.Telemetry;

namespace EdgeGateway.Storage;

internal static partial class StorageExtensions
{
    public static WebApplicationBuilder AddGatewayStorage(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RedisOptions>(builder.Configuration.GetSection(RedisOptions.SectionName));
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddHostedService<StorageBanner>();
        return builder;
    }

    /// <summary>Warns at start when shared state is in memory: correct for one instance only.</summary>
    private sealed partial class StorageBanner(RedisConnection redis, ILogger<RedisConnection> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!redis.IsConfigured)
            {
                LogInMemory(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = EventIds.InMemoryStore, Level = LogLevel.Warning,
            Message = "No Redis configured (EdgeGateway:Redis:Configuration): quotas, duplicate-payment locks, certificates and callbacks are kept in this process's memory. Correct for a single instance only; callbacks accepted in memory are lost if the process dies.")]
        private static partial void LogInMemory(ILogger logger);
    }
}
