using EdgeGateway.Caching;
using EdgeGateway.Callers;
using EdgeGateway.Configuration;
using EdgeGateway.Idempotency;
using EdgeGateway.Quotas;
using EdgeGateway.Resilience;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.Transforms.Yarp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.LoadBalancing;

namespace EdgeGateway.Proxy;

internal static class ProxyExtensions
{
    /// <summary>YARP with routes and clusters from configuration (validated with the policies), the WeChat Pay transforms and the failover-aware balancer.</summary>
    public static WebApplicationBuilder AddWeChatPayProxy(this WebApplicationBuilder builder)
    {
        // TryAdd: a test host may put its own clock in first (the freshness window is tested at exactly 300 s through /notify).
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));
        builder.Services.AddSingleton<INonceSource>(RandomNonceSource.Instance);
        builder.Services.AddSingleton(sp => new RequestSigner(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<INonceSource>()));
        builder.Services.AddSingleton(sp => new ResponseVerifier(sp.GetRequiredService<TimeProvider>()));
        builder.Services.Configure<WeChatPayTransformOptions>(builder.Configuration.GetSection("EdgeGateway:WeChatPay"));
        builder.Services.AddSingleton<ILoadBalancingPolicy, PrimaryFirstLoadBalancingPolicy>();
        builder.Services.AddSingleton<PreparationMetrics>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RequestShapeValidator>();
        builder.Services.AddRequestTimeouts();
        builder.Services.AddReverseProxy()
            .LoadFromValidatedConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddWeChatPayTransforms();
        return builder;
    }

    /// <summary>The proxy pipeline: error mapping around preparation, YARP's balancing and the forwarder.</summary>
    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ForwarderErrorMiddleware>();
            proxy.UseMiddleware<RequestPreparationMiddleware>();
            proxy.UseCallerMerchantAuthorization();
            proxy.UseQuotas();
            proxy.UseStatusAbsorption();
            proxy.UseDuplicateGuard();
            proxy.UseCircuitBreakers();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
