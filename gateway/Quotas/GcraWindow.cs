using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas;

/// <summary>
/// One window of a quota in the form the GCRA needs: <see cref="Limit"/> requests per <see cref="PeriodSeconds"/>,
/// i.e. one request every <see cref="EmissionIntervalUs"/> microseconds, with up to <see cref="Limit"/> at once.
/// </summary>
internal readonly record struct GcraWindow(long Limit, long PeriodSeconds)
{
    /// <summary>Time one request "costs": period ÷ limit, at least one microsecond.</summary>
    public long EmissionIntervalUs => Math.Max(1, (long)Math.Round(PeriodSeconds * 1_000_000d / Limit));

    public static GcraWindow From(QuotaWindow window) => new(window.Limit, (long)window.Period.TotalSeconds);

    /// <summary>The share one of <paramref name="instances"/> gateway instances may admit on its own (at least 1).</summary>
    public GcraWindow Share(int instances) => this with { Limit = Math.Max(1, Limit / Math.Max(1, instances)) };
}
