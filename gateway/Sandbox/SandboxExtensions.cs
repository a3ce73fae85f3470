using System.Globalization;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.Sandbox;

internal static class SandboxExtensions
{
    /// <summary>
    /// When <c>EdgeGateway:Sandbox:Enabled</c>, generates (first run) or loads the sandbox keys, starts the
    /// simulator on loopback, and layers configuration on top that adds the sandbox merchant and points every
    /// WeChat Pay cluster (<c>Metadata.Upstream = WeChatPay</c>) at the simulator.
    /// </summary>
    public static async Task<WebApplicationBuilder> AddSandboxAsync(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        if (Configuration.GatewayValidationMode.IsOffline(builder))
        {
            // Validating offline: nothing is generated or started; the merchant the sandbox would add is known by id.
            Configuration.GatewayValidationMode.AddSandboxMerchant(builder, SandboxKeyMaterial.DefaultMchId);
            Configuration.StartupProblems.For(builder).AddWarnings([
                $"appsettings.json: EdgeGateway:Sandbox:Enabled is true: at start the gateway generates the sandbox merchant {SandboxKeyMaterial.DefaultMchId} and its keys, and points every WeChat Pay cluster at the simulator; set it to false to validate a production configuration."]);
            return builder;
        }

        var keys = SandboxKeyMaterial.LoadOrCreate(Path.Combine(builder.Environment.ContentRootPath, options.KeysDirectory));
        var simulator = await SimulatorHost.StartAsync(keys.ToSimulatorOptions(), options.SimulatorUrl);
        builder.Services.AddSingleton(simulator);
        builder.Services.AddSingleton(keys);
        builder.Services.AddHostedService<SandboxBanner>();

        var overrides = new Dictionary<string, string?>
        {
            [$"EdgeGateway:Merchants:{keys.MchId}:CertificateSerial"] = keys.MerchantCertificateSerial,
            [$"EdgeGateway:Merchants:{keys.MchId}:PrivateKeyFile"] = keys.MerchantPrivateKeyPath,
            [$"EdgeGateway:Merchants:{keys.MchId}:ApiV3KeyFile"] = keys.ApiV3KeyPath,
        };
        if (string.IsNullOrEmpty(builder.Configuration["EdgeGateway:DefaultMchId"]))
        {
            overrides["EdgeGateway:DefaultMchId"] = keys.MchId;
        }

        var upstream = simulator.BaseAddress.ToString();
        foreach (var cluster in builder.Configuration.GetSection("ReverseProxy:Clusters").GetChildren())
        {
            if (!string.Equals(cluster["Metadata:Upstream"], "WeChatPay", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var destination in cluster.GetSection("Destinations").GetChildren())
            {
                overrides[string.Create(CultureInfo.InvariantCulture, $"{destination.Path}:Address")] = upstream;
            }
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        return builder;
    }
}
