namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A private copy of the shipped appsettings.json and config/ (taken from the test output) in a temporary
/// folder, for a test that edits configuration files under a running gateway
/// (<c>GatewayTestHost.StartAsync(contentRoot: copy.Directory)</c>). Deleted on dispose.
/// </summary>
public sealed class ContentRootCopy : IDisposable
{
    private readonly Dictionary<string, string> _originals = new(StringComparer.Ordinal);

    private ContentRootCopy(string directory)
    {
        Directory = directory;
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(directory, "config"), "*.json"))
        {
            _originals[Path.GetFileName(file)] = File.ReadAllText(file);
        }
    }

    /// <summary>The content root: appsettings.json and config/.</summary>
    public string Directory { get; }

    /// <summary>The names of the files in config/ (routes.json, policies.json, callbacks.json).</summary>
    public IReadOnlyList<string> ConfigFiles => [.. _originals.Keys.Order(StringComparer.Ordinal)];

    public static ContentRootCopy Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("edgegateway-contentroot-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(directory, "appsettings.json"));
        var config = System.IO.Directory.CreateDirectory(Path.Combine(directory, "config")).FullName;
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config"), "*.json"))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }

        return new ContentRootCopy(directory);
    }

    /// <summary>The shipped content of config/<paramref name="name"/>.</summary>
    public string Original(string name) => _originals[name];

    /// <summary>Overwrites config/<paramref name="name"/> in place, as an editor or a careless script would.</summary>
    public void Write(string name, string content) => File.WriteAllText(Path.Combine(Directory, "config", name), content);

    /// <summary>Puts the shipped content of config/<paramref name="name"/> back.</summary>
    public void Restore(string name) => Write(name, _originals[name]);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
