using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

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
        // One file provider (one watcher) for the whole folder rather than one per file: watchers are a
        // limited kernel resource (inotify instances), and every file of config/ is watched anyway.
        var configDirectory = Path.Combine(builder.Environment.ContentRootPath, "config");
        if (!Directory.Exists(configDirectory))
        {
            throw new GatewayConfigurationException([$"The configuration folder '{configDirectory}' does not exist; the content root must hold appsettings.json and config/."]);
        }

        var provider = new PhysicalFileProvider(configDirectory);
        builder.Services.AddSingleton(new ConfigFolder(provider));
        var problems = new List<string>();
        var errors = new ConfigFileErrors();
        builder.Services.AddSingleton(errors);
        foreach (var file in ConfigFiles)
        {
            try
            {
                builder.Configuration.Add<LastGoodJsonConfigurationSource>(source =>
                {
                    source.FileProvider = provider;
                    source.Path = file;
                    source.Optional = false;
                    source.ReloadOnChange = true;
                    source.Errors = errors;
                });
            }
            catch (InvalidDataException ex)
            {
                problems.Add($"config/{file} is not valid JSON ({ex.InnerException?.Message ?? ex.Message}); correct the file and start again.");
            }
        }

        if (problems.Count > 0)
        {
            throw new GatewayConfigurationException(problems);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        return builder;
    }
}
