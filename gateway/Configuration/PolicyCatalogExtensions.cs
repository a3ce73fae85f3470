namespace EdgeGateway.Configuration;

internal static class PolicyCatalogExtensions
{
    public static WebApplicationBuilder AddPolicyCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PolicyCatalogProvider>();
        builder.Services.AddSingleton<IGatewayConfigValidator, RoutePolicyReferenceValidator>();
        return builder;
    }
}
