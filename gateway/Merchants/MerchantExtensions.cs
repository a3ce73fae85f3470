using EdgeGateway.Configuration;

namespace EdgeGateway.Merchants;

internal static class MerchantExtensions
{
    /// <summary>Loads the merchants now, so a missing key file stops start-up with every problem listed.</summary>
    public static WebApplicationBuilder AddMerchants(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        var registry = MerchantRegistry.Load(options, builder.Environment.ContentRootPath, Environment.GetEnvironmentVariable);
        builder.Services.AddSingleton(registry);
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));
        return builder;
    }
}
