using EdgeGateway.Configuration;

namespace EdgeGateway.Merchants;

internal static class MerchantExtensions
{
    /// <summary>
    /// Loads the merchants now; a missing key file stops start-up, listed with every other configuration problem
    /// (offline validation lists absent secrets as warnings).
    /// </summary>
    public static WebApplicationBuilder AddMerchants(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MerchantsOptions.SectionName).Get<MerchantsOptions>() ?? new MerchantsOptions();
        var errors = new List<string>();
        var warnings = GatewayValidationMode.SecretsOptional(builder) ? new List<string>() : null;
        var registry = MerchantRegistry.Load(options, builder.Environment.ContentRootPath, Environment.GetEnvironmentVariable, errors, warnings,
            GatewayValidationMode.SandboxMchIds(builder));
        var problems = StartupProblems.For(builder);
        problems.AddErrors(errors);
        problems.AddWarnings(warnings ?? []);
        builder.Services.AddSingleton(registry);
        return builder;
    }
}
