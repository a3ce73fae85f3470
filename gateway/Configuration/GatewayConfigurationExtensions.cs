using EdgeGateway.Configuration.Files;
using Microsoft.Extensions.FileProviders;

namespace EdgeGateway.Configuration;

internal static class GatewayConfigurationExtensions
{
    /// <summary>The files of config/ that SREs edit; each is hot-reloaded.</summary>
    public static readonly string[] FileNames = ["routes.json", "policies.json", "callbacks.json"];

    /// <summary>
    /// Adds config/*.json (routes, clusters, policies, callbacks) from the content root, watched for changes, and
    /// re-adds environment variables and the command line on top so they still override any file. A file that is
    /// missing or does not parse is recorded (and reported by validation), never silently emptied.
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

        // appsettings*.json are already loaded (a file that does not parse has stopped the start). On a later edit that
        // does not parse, the framework's provider empties the file's values and would throw on the watcher's thread,
        // so no reload would be signalled; ignoring the exception signals it, and AppSettingsReadableValidator rejects it.
        foreach (var source in builder.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>())
        {
            source.OnLoadException = context => context.Ignore = true;
        }

        var provider = new PhysicalFileProvider(configDirectory);
        var files = new ConfigFiles(FileNames.Select(f => "config/" + f));
        builder.Services.AddSingleton(new ConfigFolder(provider));
        builder.Services.AddSingleton(files);
        foreach (var file in FileNames)
        {
            ((IConfigurationBuilder)builder.Configuration).Add(new ConfigFileSource(provider, file, "config/" + file, files, TimeProvider.System, watch: true));
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        return builder;
    }
}
