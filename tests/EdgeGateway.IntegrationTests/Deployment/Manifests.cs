using YamlDotNet.RepresentationModel;

namespace EdgeGateway.IntegrationTests.Deployment;

/// <summary>The repository's deploy/kubernetes manifests, parsed, with small helpers to walk them.</summary>
internal static class Manifests
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory => Path.Combine(RepositoryRoot, "deploy", "kubernetes");

    /// <summary>Every document of every manifest file, by file name.</summary>
    public static IReadOnlyList<(string File, YamlMappingNode Document)> All() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal).SelectMany(f => Load(f).Select(d => (Path.GetFileName(f), d)))];

    public static IReadOnlyList<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    public static YamlMappingNode Single(string kind, string? name = null) =>
        All().Select(d => d.Document).Single(d => Text(d, "kind") == kind && (name is null || Text(d, "metadata", "name") == name));

    public static IEnumerable<YamlMappingNode> OfKind(string kind) => All().Select(d => d.Document).Where(d => Text(d, "kind") == kind);

    public static YamlNode? Node(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    public static YamlMappingNode Map(YamlNode node, params string[] path) =>
        Node(node, path) as YamlMappingNode ?? throw new InvalidOperationException($"no mapping at {string.Join('.', path)}");

    public static IEnumerable<YamlMappingNode> Seq(YamlNode node, params string[] path) =>
        (Node(node, path) as YamlSequenceNode)?.Children.Cast<YamlMappingNode>() ?? [];

    public static IReadOnlyDictionary<string, string> Strings(YamlMappingNode mapping) =>
        mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? string.Empty, StringComparer.Ordinal);

    public static YamlMappingNode Container(YamlMappingNode deployment) =>
        Seq(deployment, "spec", "template", "spec", "containers").Single(c => Text(c, "name") == "edgegateway");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with EdgeGateway.sln) is not above " + AppContext.BaseDirectory);
    }
}
