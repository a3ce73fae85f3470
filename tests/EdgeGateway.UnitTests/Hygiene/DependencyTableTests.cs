using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EdgeGateway.UnitTests.Hygiene;

/// <summary>
/// No package without a reason: every package whose version Directory.Packages.props pins has a row in the
/// README's dependency table, with that version and a reason, and the table names no package that is gone.
/// </summary>
public sealed partial class DependencyTableTests
{
    [Fact]
    public void EveryPinnedPackage_HasARowWithItsVersionAndAReason()
    {
        var root = RepositoryRoot();
        var pinned = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!, StringComparer.Ordinal);
        var rows = Rows(File.ReadAllText(Path.Combine(root, "README.md")));

        Assert.All(pinned, package =>
        {
            Assert.True(rows.TryGetValue(package.Key, out var row), $"README.md, ## Dependencies: no row for {package.Key}; add | {package.Key} | {package.Value} | used by | why |");
            Assert.Equal(package.Value, row.Version);
            Assert.True(row.Why.Length >= 10, $"README.md, ## Dependencies: say why {package.Key} is needed");
        });
        Assert.Empty(rows.Keys.Except(pinned.Keys));
    }

    /// <summary>Rows of the table under "## Dependencies": | package | version | used by | why |.</summary>
    private static Dictionary<string, (string Version, string Why)> Rows(string readme)
    {
        var section = readme[readme.IndexOf("\n## Dependencies", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n## ", 3, StringComparison.Ordinal);
        section = next > 0 ? section[..next] : section;
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (Match match in Row().Matches(section))
        {
            var package = match.Groups["package"].Value.Trim().Trim('`');
            if (package is not ("package" or "") && package.Trim('-', ':').Length > 0)
            {
                rows[package] = (match.Groups["version"].Value.Trim(), match.Groups["why"].Value.Trim());
            }
        }

        return rows;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")) && File.Exists(Path.Combine(directory.FullName, "README.md")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Directory.Packages.props, README.md) is not above the test output.");
    }

    [GeneratedRegex(@"^\|(?<package>[^|]+)\|(?<version>[^|]+)\|(?<usedby>[^|]+)\|(?<why>[^|]+)\|\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
