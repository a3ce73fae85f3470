using System.Text.RegularExpressions;

namespace EdgeGateway.UnitTests.Hygiene;

/// <summary>
/// The repository stands alone: every protocol-notes section a source file or document cites is a section of
/// docs/PROTOCOL.md, and nothing points at documents outside the repository.
/// </summary>
public sealed partial class CitationTests
{
    private static readonly string[] Extensions = [".cs", ".md", ".sh", ".json"];

    [Fact]
    public void EveryProtocolSectionCited_IsASectionOfDocsProtocol()
    {
        var root = DependencyTableTests.RepositoryRoot();
        var headings = Heading().Matches(File.ReadAllText(Path.Combine(root, "docs", "PROTOCOL.md"))).Select(m => m.Groups["number"].Value).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (file, text) in Sources(root))
        {
            foreach (Match citation in Citation().Matches(text))
            {
                foreach (Match section in Section().Matches(citation.Value))
                {
                    var number = section.Groups["number"].Value.TrimEnd('.');
                    if (!headings.Contains(number))
                    {
                        missing.Add($"{Path.GetRelativePath(root, file)}: §{number}");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "cited sections that docs/PROTOCOL.md does not have: " + string.Join(", ", missing.Distinct()));
    }

    [Fact]
    public void NothingCitesDocumentsOutsideTheRepository()
    {
        var root = DependencyTableTests.RepositoryRoot();
        // The markers are assembled so that this file does not read as citing them itself.
        var sibling = string.Join('/', "..", "shared");
        var notes = string.Join('/', "shared", "wechatpay");
        var outside = Sources(root).Where(s => s.Text.Contains(sibling, StringComparison.Ordinal) || s.Text.Contains(notes, StringComparison.Ordinal))
            .Select(s => Path.GetRelativePath(root, s.File)).ToList();

        Assert.True(outside.Count == 0, "these files cite documents outside the repository: " + string.Join(", ", outside));
    }

    private static IEnumerable<(string File, string Text)> Sources(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f)) && !Ignored(Path.GetRelativePath(root, f)))
            .Select(f => (f, File.ReadAllText(f)));

    private static bool Ignored(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "TestResults" or "node_modules" or "reports");

    /// <summary>A citation of the protocol notes: the file name, then "§2.5", "§1.1, §7" or "§9.3(a)".</summary>
    [GeneratedRegex(@"PROTOCOL\.md[^§\n]{0,12}§[0-9][0-9.]*(\([a-z]\))?([,; and]+§[0-9][0-9.]*(\([a-z]\))?)*")]
    private static partial Regex Citation();

    [GeneratedRegex(@"§(?<number>[0-9][0-9.]*)")]
    private static partial Regex Section();

    [GeneratedRegex(@"^#{2,4} (?<number>[0-9]+(\.[0-9]+)*)\.? ", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
