using System.Text.RegularExpressions;
using EdgeGateway.LoadTests.Reports;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.UnitTests.LoadTests;

/// <summary>What every load report states: pass or fail, the machine and commit, and only percentiles its samples support.</summary>
public sealed partial class ReportVerdictTests
{
    private static ScenarioResult Result(int samples)
    {
        var result = new ScenarioResult("create-jsapi", "constant 100/s for 15 s", 100) { Elapsed = TimeSpan.FromSeconds(15), PlannedDuration = TimeSpan.FromSeconds(15) };
        for (var i = 0; i < samples; i++)
        {
            result.Record(new StepOutcome(200), success: true, latencyMicros: 1000 + i, second: i / 100);
        }

        return result;
    }

    [Theory]
    [InlineData(99, 99, false)]
    [InlineData(99, 100, true)]
    [InlineData(99.9, 999, false)]
    [InlineData(99.9, 1000, true)]
    [InlineData(99.99, 1500, false)]
    [InlineData(99.99, 10_000, true)]
    [InlineData(50, 2, true)]
    [InlineData(100, 1_000_000, false)]
    public void Supports_PercentileNeedsOneOverItsTailSamples(double percentile, long samples, bool supported) =>
        Assert.Equal(supported, PercentileSupport.Supports(percentile, samples));

    [Fact]
    public void Render_500Samples_PrintsP99ButNotP999()
    {
        var markdown = MarkdownReport.Render("t", [Result(500)]);

        var row = markdown.Split('\n').Single(l => l.StartsWith("| create-jsapi", StringComparison.Ordinal));
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        Assert.NotEqual("n/a", cells[9]); // p99
        Assert.Equal("n/a", cells[10]); // p99.9
        Assert.Contains("n/a: fewer samples than the percentile needs", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ThresholdBreached_StatesFailAndWhatWasBreached()
    {
        var verdict = new RunVerdict(new Thresholds(20, 0.001, null), ["create-jsapi: p99 31.00 ms > 20.00 ms"]);

        var markdown = MarkdownReport.Render("t", [Result(100)], verdict: verdict);

        Assert.Contains("**Result: FAIL** against p99 ≤ 20 ms, error rate ≤ 0.10 %; breached: create-jsapi: p99 31.00 ms > 20.00 ms.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithinThresholds_StatesPass()
    {
        var markdown = MarkdownReport.Render("t", [Result(100)], verdict: new RunVerdict(new Thresholds(null, null, 0.95), []));

        Assert.Contains("**Result: PASS** against achieved ≥ 95 % of the target rate.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoThresholds_SaysSoRatherThanPass()
    {
        var markdown = MarkdownReport.Render("t", [Result(100)], verdict: new RunVerdict(new Thresholds(null, null, null), []));

        Assert.Contains("**Result: no thresholds were set**", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Capture_ThisMachine_CoresMemoryLoadAndCommit()
    {
        var context = RunContext.Capture(ReportWriter.RepositoryRoot!);

        Assert.Equal(Environment.ProcessorCount, context.Cores);
        Assert.True(context.MemoryBytes > 0);
        Assert.Matches(@"^[0-9a-f]{40}( \(with uncommitted changes\))?$", context.Commit);
        Assert.Matches(@"^\d+\.\d+, \d+\.\d+, \d+\.\d+$", context.LoadAverage);
        Assert.Contains($"Machine: {context.Cores} cores, ", MarkdownReport.Render("t", [Result(10)], context: context), StringComparison.Ordinal);
    }

    [Fact]
    public void PercentilePlot_1500Samples_StopsBeforeP9999()
    {
        var html = HtmlReport.Render("t", [Result(1500)], "summary");

        var percentileLine = Polyline().Matches(html).First().Groups[1].Value.Trim().Split(' ');
        Assert.Equal(64, percentileLine.Length); // 0 to 3.15 nines in steps of 0.05: log10(1500) = 3.18 < 4 (p99.99)
    }

    [GeneratedRegex("<polyline[^>]*points=\"([^\"]*)\"")]
    private static partial Regex Polyline();
}
