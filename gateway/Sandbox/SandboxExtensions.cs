using System.Globalization;
using EdgeGateway.Simulator;

namespace EdgeGateway.Sandbox;

/// <summary>
/// The one place the gateway touches the simulator (through its public <see cref="SandboxWeChatPay"/>; a hygiene test
/// keeps the simulator's namespace out of every other folder).
/// </summary>
internal static class SandboxExtensions
{
    /// <summary>
    /// When <c>EdgeGateway:Sandbox:Enabled</c>: loads (or, on first run, generates) the sandbox keys and settles the
    /// simulator's loopback address, then layers configuration on top that adds the sandbox merchant and points every
    /// WeChat Pay cluster (<c>Metadata.Upstream = WeChatPay</c>) at that address. Nothing starts here:
    /// <see cref="SandboxSimulatorService"/> starts the simulator with the host.
    /// </summary>
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        if (Configuration.GatewayValidationMode.IsOffline(builder))
        {
            // Validating offline: nothing is generated or started; the merchant the sandbox would add is known by id.
            Configuration.GatewayValidationMode.AddSandboxMerchant(builder, SandboxWeChatPay.DefaultMchId);
            Configuration.StartupProblems.For(builder).AddWarnings([
                $"appsettings.json: EdgeGateway:Sandbox:Enabled is true: at start the gateway generates the sandbox merchant {SandboxWeChatPay.DefaultMchId} and its keys, and points every WeChat Pay cluster at the simulator; set it to false to validate a production configuration."]);
            return builder;
        }

        var sandbox = SandboxWeChatPay.Prepare(Path.Combine(builder.Environment.ContentRootPath, options.KeysDirectory), options.SimulatorUrl);
        builder.Services.AddSingleton(sandbox);
        // Registered before every feature's hosted service (AddSandbox precedes them in GatewayApplication), and hosted
        // services start in order before the listeners: the simulator answers before the first certificate download or
        // request, and stops only after the gateway has.
        builder.Services.AddHostedService<SandboxSimulatorService>();
        builder.Services.AddHostedService<SandboxBanner>();
        builder.Configuration.AddInMemoryCollection(Overrides(builder.Configuration, sandbox));
        return builder;
    }

    private static Dictionary<string, string?> Overrides(IConfiguration configuration, SandboxWeChatPay sandbox)
    {
        var merchant = sandbox.Merchant;
        var overrides = new Dictionary<string, string?>
        {
            [$"EdgeGateway:Merchants:{merchant.MchId}:CertificateSerial"] = merchant.CertificateSerial,
            [$"EdgeGateway:Merchants:{merchant.MchId}:PrivateKeyFile"] = merchant.PrivateKeyFile,
            [$"EdgeGateway:Merchants:{merchant.MchId}:ApiV3KeyFile"] = merchant.ApiV3KeyFile,
        };
        if (string.IsNullOrEmpty(configuration["EdgeGateway:DefaultMchId"]))
        {
            overrides["EdgeGateway:DefaultMchId"] = merchant.MchId;
        }

        var upstream = sandbox.BaseAddress.ToString();
        foreach (var cluster in configuration.GetSection("ReverseProxy:Clusters").GetChildren())
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

        return overrides;
    }
}
