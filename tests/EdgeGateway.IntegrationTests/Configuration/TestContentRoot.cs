using System.Text.Json.Nodes;

namespace EdgeGateway.IntegrationTests.Configuration;

/// <summary>
/// A temporary content root: a copy of the shipped appsettings.json and config/, for tests that edit the files
/// under a running gateway. Edits are written to a temporary file and moved into place, as editors and
/// Kubernetes ConfigMap updates do, so a reader never sees half a file unless a test means it to.
/// </summary>
public sealed class TestContentRoot : IDisposable
{
    public TestContentRoot()
    {
        Path = Directory.CreateTempSubdirectory("edgegateway-content-").FullName;
        File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, "appsettings.json"), System.IO.Path.Combine(Path, "appsettings.json"));
        CopyDirectory(System.IO.Path.Combine(AppContext.BaseDirectory, "config"), System.IO.Path.Combine(Path, "config"));
    }

    public string Path { get; }

    public string ConfigFile(string name) => System.IO.Path.Combine(Path, "config", name);

    public JsonNode Read(string name) => JsonNode.Parse(File.ReadAllText(ConfigFile(name)))!;

    /// <summary>Reads a file of config/, lets <paramref name="edit"/> change it, and writes it back in one move.</summary>
    public void Edit(string name, Action<JsonNode> edit)
    {
        var root = Read(name);
        edit(root);
        WriteText(name, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Edits the content root's appsettings.json (callers and other host settings) in one move, as <see cref="Edit"/> does config/.</summary>
    public void EditAppSettings(Action<JsonNode> edit)
    {
        var file = System.IO.Path.Combine(Path, "appsettings.json");
        var root = JsonNode.Parse(File.ReadAllText(file))!;
        edit(root);
        File.WriteAllText(file + ".tmp", root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.Move(file + ".tmp", file, overwrite: true);
    }

    public void WriteText(string name, string text)
    {
        var temporary = ConfigFile(name) + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, ConfigFile(name), overwrite: true);
    }

    public void Delete(string name) => File.Delete(ConfigFile(name));

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, System.IO.Path.Combine(to, System.IO.Path.GetFileName(directory)));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
