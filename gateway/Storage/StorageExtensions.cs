using EdgeGateway.Telemetry;
using OpenTelemetry.Trace;

namespace EdgeGateway.Storage;

internal static partial class StorageExtensions
{
    public static WebApplicationBuilder AddGatewayStorage(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RedisOptions>(builder.Configuration.GetSection(RedisOptions.SectionName));
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddSingleton<StorageMetrics>();
        builder.Services.AddHostedService<StorageBanner>();
        if (TelemetryExtensions.RedisCommandSpansOn(builder.Configuration))
        {
            builder.Services.AddSingleton<RedisTracing>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisTracing>());
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
                .AddRedisInstrumentation()
                .ConfigureRedisInstrumentation((services, redis) => services.GetRequiredService<RedisTracing>().Attach(redis)));
        }

        return builder;
    }

    /// <summary>Creates the storage gauge at start, so it exists from the first scrape on.</summary>
    public static WebApplication UseGatewayStorageMetrics(this WebApplication app)
    {
        app.Services.GetRequiredService<StorageMetrics>();
        return app;
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
