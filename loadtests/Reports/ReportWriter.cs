using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>Writes a run's Markdown and HTML reports into a folder and prints the summary.</summary>
public static class ReportWriter
{
    /// <summary>The repository the runner was built from (its commit goes into every report); null when not found.</summary>
    public static string? RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// <c>loadtests/reports/</c> of the repository the runner was built from (git-ignored), whatever the working
    /// directory: <c>dotnet run --project loadtests</c> runs in the project's folder, not where it was typed. Declared
    /// after <see cref="RepositoryRoot"/>, which it reads: static initialisers run in the order written.
    /// </summary>
    public static string DefaultDirectory { get; } = RepositoryRoot is { } root ? Path.Combine(root, "loadtests", "reports") : Path.Combine(Directory.GetCurrentDirectory(), "loadtests-reports");

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeGateway.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    public static string Write(string directory, string name, string title, IReadOnlyList<ScenarioResult> results, string? notes = null, RunVerdict? verdict = null)
    {
        Directory.CreateDirectory(directory);
        var markdown = MarkdownReport.Render(title, results, notes, verdict ?? new RunVerdict(new Thresholds(null, null, null), []),
            RunContext.Capture(RepositoryRoot ?? Directory.GetCurrentDirectory()));
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var markdownPath = Path.Combine(directory, $"{name}-{stamp}.md");
        File.WriteAllText(markdownPath, markdown);
        File.WriteAllText(Path.ChangeExtension(markdownPath, ".html"), HtmlReport.Render(title, results, markdown));
        Console.WriteLine(markdown);
        Console.WriteLine($"Reports: {markdownPath} and {Path.ChangeExtension(markdownPath, ".html")}");
        return markdownPath;
    }
}
