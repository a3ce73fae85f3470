using Microsoft.Extensions.Configuration.Json;

namespace EdgeGateway.Configuration;

/// <summary>
/// A JSON file of config/ that keeps its last values when an edit does not parse. The framework's provider
/// empties the file's values when a reload fails to parse and signals no change; the next change of any other
/// file then applied the emptied values (for example no routes at all). Here the last good values stay and the
/// problem is listed in <see cref="ConfigFileErrors"/> until the file parses again. At start a file that does not
/// parse is still an error.
/// </summary>
internal sealed class LastGoodJsonConfigurationProvider(LastGoodJsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    private readonly string _file = "config/" + source.Path;
    private bool _loaded;

    public override void Load(Stream stream)
    {
        try
        {
            base.Load(stream); // replaces the values only when the whole file parsed
            _loaded = true;
            source.Errors.Clear(_file);
        }
        catch (FormatException ex) when (_loaded)
        {
            // The reload is still signalled: whoever reads the configuration again sees this file's last good
            // values, and the policy catalogue reports the reload as rejected with this problem.
            source.Errors.Set(_file, $"the file is not valid JSON ({ex.InnerException?.Message ?? ex.Message}); its last good content keeps serving until it is corrected.");
        }
    }
}
