using EdgeGateway.Configuration.Files;

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
            sp.GetRequiredService<ILogger<PolicyCatalogProvider>>()));
        builder.Services.AddSingleton<IGatewayConfigValidator, RoutePolicyReferenceValidator>();
        return builder;
    }
}
