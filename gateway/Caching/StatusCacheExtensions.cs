using EdgeGateway.Caching.Validation;
using EdgeGateway.Configuration;
using EdgeGateway.Storage;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Caching;

internal static class StatusCacheExtensions
{
    /// <summary>The status cache (Redis when configured, else this process's memory), request coalescing and their rules.</summary>
    public static WebApplicationBuilder AddStatusCache(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<StatusCacheOptions, StatusCacheOptionsValidator>(StatusCacheOptions.SectionName);
        builder.Services.AddSingleton<RequestCoalescer>();
        builder.Services.AddSingleton<StatusCacheMetrics>();
        builder.Services.AddSingleton<IStatusCacheStore>(sp => sp.GetRequiredService<RedisConnection>().IsConfigured
            ? new RedisStatusCacheStore(sp.GetRequiredService<RedisConnection>())
            : new InMemoryStatusCacheStore(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<StatusCacheOptions>>().Value.MemoryMaxEntries));
        builder.Services.AddSingleton<StatusCache>();
        builder.Services.AddSingleton<IGatewayConfigValidator, StatusCacheTtlValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, StatusCacheRouteTransformValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, StatusCacheRouteTimeoutValidator>();
        return builder;
    }

    /// <summary>Status cache and coalescing in the proxy pipeline: after the merchant check and the quota, before anything that goes upstream.</summary>
    public static IReverseProxyApplicationBuilder UseStatusAbsorption(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<StatusAbsorptionMiddleware>();
        return proxy;
    }
}
