using EdgeGateway.Configuration;
using EdgeGateway.Quotas.Validation;

namespace EdgeGateway.Quotas;

internal static class QuotaExtensions
{
    /// <summary>Per-caller / per-user quotas: Redis when configured, else this process's memory; their validation rules.</summary>
    public static WebApplicationBuilder AddQuotas(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<QuotaOptions, QuotaOptionsValidator>(QuotaOptions.SectionName);
        builder.Services.AddSingleton<QuotaHealth>();
        builder.Services.AddSingleton<QuotaMetrics>();
        builder.Services.AddSingleton<RedisQuotaStore>();
        builder.Services.AddSingleton(sp => new InMemoryQuotaStore(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<QuotaEnforcer>();
        builder.Services.AddHostedService<QuotaRedisWarmup>();
        builder.Services.AddSingleton<IGatewayConfigValidator, QuotaWindowsRequiredValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, QuotaWindowPeriodValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, QuotaWindowLimitValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, QuotaWindowDistinctPeriodValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, QuotaUserDimensionValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, QuotaExpectedInstancesValidator>();
        return builder;
    }

    /// <summary>Step 3 in the proxy pipeline: after the merchant check, before every later step.</summary>
    public static IReverseProxyApplicationBuilder UseQuotas(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<QuotaMiddleware>();
        return proxy;
    }
}
