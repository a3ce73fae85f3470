using EdgeGateway.Configuration;
using EdgeGateway.Storage;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callbacks;

internal static partial class CallbacksExtensions
{
    /// <summary>Callback ingress, durable store, delivery worker and their configuration rules.</summary>
    public static WebApplicationBuilder AddCallbacks(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<CallbackOptions, CallbackOptionsValidator>(CallbackOptions.SectionName);
        builder.Services.AddSingleton<IGatewayConfigValidator, UnknownCallbackKeyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CallbackRouteNameValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CallbackRouteMerchantValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CallbackRouteTargetValidator>();
        builder.Services.AddSingleton<CallbackRouteTable>();
        builder.Services.AddSingleton<CallbackMetrics>();
        builder.Services.AddSingleton<CallbackDeliverer>();
        builder.Services.AddSingleton<CallbackIngress>();
        builder.Services.AddSingleton<CallbackArrivals>();
        builder.Services.AddSingleton<ICallbackStore>(sp => sp.GetRequiredService<RedisConnection>().IsConfigured
            ? new RedisCallbackStore(sp.GetRequiredService<RedisConnection>(), sp.GetRequiredService<IOptions<CallbackOptions>>().Value,
                sp.GetRequiredService<ILogger<RedisCallbackStore>>())
            : new InMemoryCallbackStore(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<InMemoryWarning>();
        builder.Services.AddHostedService<CallbackDeliveryService>();
        return builder;
    }

    /// <summary><c>POST /notify/{name}</c> on the public listener, and the operator view on the management one.</summary>
    public static WebApplication MapCallbacks(this WebApplication app, RouteGroupBuilder management)
    {
        app.Services.GetRequiredService<CallbackRouteTable>(); // validated now, not at the first callback
        app.MapPost("/notify/{name}", (HttpContext context, string name, CallbackIngress ingress) => ingress.HandleAsync(context, name));
        management.MapCallbackOperatorApi();
        return app;
    }

    /// <summary>Says at start, loudly, that callbacks accepted without Redis die with the process.</summary>
    private sealed partial class InMemoryWarning(ICallbackStore store, ILogger<InMemoryWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (store is InMemoryCallbackStore)
            {
                LogInMemory(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = EventIds.CallbacksInMemory, Level = LogLevel.Warning,
            Message = "CALLBACKS ARE KEPT IN MEMORY ONLY: WeChat Pay is told 204 once a callback is in this process's memory, so a crash or restart LOSES every callback not yet delivered, and WeChat Pay will not send it again. For anything but the sandbox configure EdgeGateway:Redis:Configuration (with appendonly yes).")]
        private static partial void LogInMemory(ILogger logger);
    }
}
