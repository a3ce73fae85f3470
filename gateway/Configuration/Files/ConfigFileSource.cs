using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace EdgeGateway.Configuration.Files;

/// <summary>One JSON file of config/, read by <see cref="ConfigFileProvider"/> (last good values kept on a bad edit).</summary>
internal sealed class ConfigFileSource : JsonConfigurationSource
{
    public ConfigFileSource(IFileProvider fileProvider, string fileName, string displayName, ConfigFiles files, TimeProvider timeProvider, bool watch)
    {
        FileProvider = fileProvider;
        Path = fileName;
        DisplayName = displayName;
        Files = files;
        TimeProvider = timeProvider;
        Watch = watch;
        // The base class's own watching would clear the values of a file that is missing or broken; this
        // provider watches the file itself and keeps them.
        ReloadOnChange = false;
        Optional = true;
    }

    public string DisplayName { get; }

    public ConfigFiles Files { get; }

    public TimeProvider TimeProvider { get; }

    public bool Watch { get; }

    public override IConfigurationProvider Build(IConfigurationBuilder builder) => new ConfigFileProvider(this);
}
