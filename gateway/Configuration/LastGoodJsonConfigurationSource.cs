using Microsoft.Extensions.Configuration.Json;

namespace EdgeGateway.Configuration;

/// <summary>A JSON file of config/ read by <see cref="LastGoodJsonConfigurationProvider"/>.</summary>
internal sealed class LastGoodJsonConfigurationSource : JsonConfigurationSource
{
    /// <summary>Where a broken edit is reported (shared by the files of config/).</summary>
    public ConfigFileErrors Errors { get; set; } = new();

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new LastGoodJsonConfigurationProvider(this);
    }
}
