using EdgeGateway.Configuration;
using EdgeGateway.Storage;

namespace EdgeGateway.Idempotency;

internal static class DuplicateGuardExtensions
{
    /// <summary>The duplicate-payment guard: in Redis when one is configured, else in this process's memory.</summary>
    public static WebApplicationBuilder AddDuplicateGuard(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DuplicateGuardMetrics>();
        builder.Services.AddSingleton<IDuplicateGuardStore>(sp => sp.GetRequiredService<RedisConnection>().IsConfigured
            ? new RedisDuplicateGuardStore(sp.GetRequiredService<RedisConnection>())
            : new InMemoryDuplicateGuardStore(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IGatewayConfigValidator, DuplicateGuardPolicyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, DuplicateGuardLockOutlivesTimeoutValidator>();
        return builder;
    }

    /// <summary>The guard in the proxy pipeline: after the request is prepared, before the circuit breaker.</summary>
    public static IApplicationBuilder UseDuplicateGuard(this IApplicationBuilder proxy) => proxy.UseMiddleware<DuplicateGuardMiddleware>();
}
