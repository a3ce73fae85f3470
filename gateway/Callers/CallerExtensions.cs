using EdgeGateway.Telemetry;
using EdgeGateway.Callers.Validation;
using EdgeGateway.Configuration;

namespace EdgeGateway.Callers;

internal static class CallerExtensions
{
    /// <summary>
    /// The configured callers (read at start, replaced on every valid configuration reload that changes them), their
    /// validation rules, and mutual TLS for pinned callers.
    /// </summary>
    public static WebApplicationBuilder AddCallers(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CallersOptions>(builder.Configuration.GetSection(CallersOptions.SectionName));
        var options = builder.Configuration.GetSection(CallersOptions.SectionName).Get<CallersOptions>() ?? new CallersOptions();
        var registry = CallerRegistry.Create(options, builder.Configuration.GetValue<bool>("EdgeGateway:Sandbox:Enabled"));
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton<CallerMetrics>();
        builder.Services.AddHostedService<CallerBanner>();
        builder.Services.AddHostedService<CallerReloader>();
        builder.Services.AddRequestCallerSource(context => context.GetCaller()?.Name);
        builder.Services.AddSingleton<IGatewayConfigValidator, CallersRequiredValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CallerApiKeyHashValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CallerUniqueKeyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CallerScopeRequiredValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CallerRouteReferenceValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CallerCertificateThumbprintValidator>();

        // TLS listeners ask every client for an optional certificate (ServerHardeningExtensions, the one place that
        // configures HTTPS defaults): pinned callers are checked by thumbprint in CallerAuthenticationMiddleware.

        return builder;
    }

    /// <summary>Step 1: authenticate the caller of a proxy route and check the route (main pipeline, before the rate limiter).</summary>
    public static WebApplication UseCallerAuthentication(this WebApplication app)
    {
        app.UseMiddleware<CallerAuthenticationMiddleware>();
        return app;
    }

    /// <summary>Step 1, merchant part: may the caller act for the resolved merchant (proxy pipeline, after preparation).</summary>
    public static IReverseProxyApplicationBuilder UseCallerMerchantAuthorization(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<CallerMerchantAuthorizationMiddleware>();
        return proxy;
    }
}
