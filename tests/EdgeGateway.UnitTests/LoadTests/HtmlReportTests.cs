using System.Text.RegularExpressions;
using EdgeGateway.LoadTests.Reports;
using EdgeGateway.LoadTests.Runner;

namespace EdgeGateway.UnitTests.LoadTests;

public sealed partial class HtmlReportTests
{
    [Theory]
    [InlineData(158.19, 200)]
    [InlineData(554.4, 600)]
    [InlineData(1, 1)]
    [InlineData(0.37, 0.4)]
    [InlineData(12_000, 12_500)] // gridlines every 2 500
    public void AxesEndOnRoundNumbers(double highest, double top) => Assert.Equal(top, HtmlReport.NiceCeiling(highest), 9);

    [Fact]
    public void ThroughputPlot_LeavesOutTheSecondARunEndsIn()
    {
        // 3 whole seconds at 100/s, then the last stragglers in the 4th: plotting that second would show a collapse.
        var result = new ScenarioResult("s", "constant 100/s for 3 s", 100) { Elapsed = TimeSpan.FromSeconds(3.02), PlannedDuration = TimeSpan.FromSeconds(3) };
        for (var second = 0; second < 3; second++)
        {
            for (var i = 0; i < 100; i++)
            {
                result.Record(new StepOutcome(200), success: true, latencyMicros: 1000, second);
            }
        }

        result.Record(new StepOutcome(200), success: true, latencyMicros: 1000, second: 3);

        var html = HtmlReport.Render("t", [result], "summary");

        var polylines = Polyline().Matches(html).Select(m => m.Groups[1].Value.Trim().Split(' ')).ToList();
        Assert.Equal(4, polylines.Count); // latency by percentile, throughput over time, p50 and p99 over time
        Assert.Equal(3, polylines[1].Length);
    }

    [Fact]
    public void LatencyOverTimePlot_SecondsWithFewerThan100Completions_HaveNoP99Point()
    {
        // 4 whole seconds: 150, 50, 150 and 150 completions; second 1 cannot tell a p99 (and the 5th second is the end).
        var result = new ScenarioResult("s", "constant", 150) { Elapsed = TimeSpan.FromSeconds(4.1), PlannedDuration = TimeSpan.FromSeconds(4) };
        foreach (var (second, count) in new[] { (0, 150), (1, 50), (2, 150), (3, 150), (4, 3) })
        {
            for (var i = 0; i < count; i++)
            {
                result.Record(new StepOutcome(200), success: true, latencyMicros: 1000 + (i * 100), second);
            }
        }

        var html = HtmlReport.Render("t", [result], "summary");

        var polylines = Polyline().Matches(html).Select(m => m.Groups[1].Value.Trim().Split(' ')).ToList();
        Assert.Equal(4, polylines[2].Length); // p50 in every whole second
        Assert.Equal(3, polylines[3].Length); // p99 only where 100 or more requests completed
    }

    [GeneratedRegex("<polyline[^>]*points=\"([^\"]*)\"")]
    private static partial Regex Polyline();
}
