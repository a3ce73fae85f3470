using EdgeGateway.Configuration.Files;
using EdgeGateway.Configuration.Rules;

namespace EdgeGateway.Configuration;

internal static class PolicyCatalogExtensions
{
    public static WebApplicationBuilder AddPolicyCatalog(this WebApplicationBuilder builder)
    {
        StartupProblems.For(builder);
        builder.Services.AddSingleton(sp => new PolicyCatalogProvider(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetServices<IGatewayConfigValidator>(),
            sp,
            sp.GetRequiredService<YarpConfigBinder>(),
            sp.GetRequiredService<ConfigFiles>(),
            sp.GetRequiredService<StartupProblems>(),
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PolicyCatalogProvider>>(),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddSingleton<IGatewayConfigValidator, RoutePolicyReferenceValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, AppSettingsReadableValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RouteClusterReferenceValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RouteRateLimitRequiredValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RouteTimeoutRequiredValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RouteTimeoutCoversRetriesValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RouteMaxRequestBodyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RouteRequireSignedErrorsValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, WeChatPayHttpsValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, WeChatPayTransformRequiredValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, WeChatPaySignOnlyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, UnknownRouteKeyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, UnknownRouteMetadataKeyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, UnknownPolicyKeyValidator>();
        builder.Services.AddSingleton<IGatewayConfigValidator, CertificateClusterReferenceValidator>();
        return builder;
    }
}
