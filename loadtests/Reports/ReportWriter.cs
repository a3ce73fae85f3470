using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>Writes a run's Markdown and HTML reports into a folder and prints the summary.</summary>
public static class ReportWriter
{
    public static string Write(string directory, string name, string title, IReadOnlyList<ScenarioResult> results, string? notes = null)
    {
        Directory.CreateDirectory(directory);
        var markdown = MarkdownReport.Render(title, results, notes);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var markdownPath = Path.Combine(directory, $"{name}-{stamp}.md");
        File.WriteAllText(markdownPath, markdown);
        File.WriteAllText(Path.ChangeExtension(markdownPath, ".html"), HtmlReport.Render(title, results, markdown));
        Console.WriteLine(markdown);
        Console.WriteLine($"Reports: {markdownPath} and {Path.ChangeExtension(markdownPath, ".html")}");
        return markdownPath;
    }
}
