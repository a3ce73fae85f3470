using Microsoft.Extensions.Configuration;

namespace EdgeGateway.Configuration;

internal static class GatewayConfigurationExtensions
{
    /// <summary>The files of config/ that SREs edit; each is hot-reloaded.</summary>
    public static readonly string[] ConfigFiles = ["routes.json", "policies.json", "callbacks.json"];

    /// <summary>
    /// Adds config/*.json (routes, clusters, policies) from the content root, watched for changes, and
    /// re-adds environment variables and the command line on top so they still override any file.
    /// </summary>
    public static WebApplicationBuilder AddGatewayConfigFiles(this WebApplicationBuilder builder, string[] args)
    {
        var configDirectory = Path.Combine(builder.Environment.ContentRootPath, "config");
        foreach (var file in ConfigFiles)
        {
            builder.Configuration.AddJsonFile(Path.Combine(configDirectory, file), optional: false, reloadOnChange: true);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        return builder;
    }
}
