namespace EdgeGateway.LoadTests.Reports;

/// <summary>
/// Which percentiles a sample count can tell: the p(100 − 100/N) latency needs at least N samples (p99 needs 100,
/// p99.9 needs 1,000, p99.99 needs 10,000); with fewer, the "percentile" is just the maximum, printed as if it
/// were more.
/// </summary>
public static class PercentileSupport
{
    /// <summary>Whether <paramref name="samples"/> latencies are enough to report <paramref name="percentile"/>.</summary>
    public static bool Supports(double percentile, long samples) =>
        percentile <= 0 || (percentile < 100 && samples >= Math.Ceiling(100 / (100 - percentile) - 1e-9));

    /// <summary>How many nines the samples support on the plot's scale (0 → p0, 2 → p99, 4 → p99.99).</summary>
    public static double MaxNines(long samples) => samples <= 1 ? 0 : Math.Log10(samples);
}
