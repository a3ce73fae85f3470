namespace EdgeGateway.Quotas;

/// <summary>
/// The generic cell rate algorithm over several windows, in microseconds; the in-memory store runs it here and
/// <see cref="RedisQuotaScript"/> runs the same steps in Lua, so both stores answer alike.
/// Each window keeps one number, its theoretical arrival time (TAT). A request is admitted by a window when
/// <c>max(TAT, now) + interval − interval × limit ≤ now</c>; admitted by all, each TAT moves on by one interval.
/// </summary>
internal static class Gcra
{
    /// <param name="nowUs">The clock, microseconds since the epoch.</param>
    /// <param name="windows">The quota's windows.</param>
    /// <param name="tats">Each window's stored TAT (0 when none), updated in place when the request is admitted.</param>
    public static QuotaDecision Decide(long nowUs, ReadOnlySpan<GcraWindow> windows, Span<long> tats)
    {
        var allowed = true;
        long retryUs = 0;
        for (var i = 0; i < windows.Length; i++)
        {
            var interval = windows[i].EmissionIntervalUs;
            var tat = Math.Max(tats[i], nowUs);
            var allowAt = tat + interval - (interval * windows[i].Limit);
            if (allowAt > nowUs)
            {
                allowed = false;
                retryUs = Math.Max(retryUs, allowAt - nowUs);
            }
        }

        var states = new QuotaWindowState[windows.Length];
        for (var i = 0; i < windows.Length; i++)
        {
            var interval = windows[i].EmissionIntervalUs;
            var tat = Math.Max(tats[i], nowUs);
            if (allowed)
            {
                tat += interval;
                tats[i] = tat;
            }

            var remaining = Math.Max(0, ((nowUs + (interval * windows[i].Limit)) - tat) / interval);
            states[i] = new QuotaWindowState(remaining, CeilDiv(tat - nowUs, 1000));
        }

        return new QuotaDecision(allowed, CeilDiv(retryUs, 1000), states);
    }

    private static long CeilDiv(long value, long divisor) => value <= 0 ? 0 : ((value - 1) / divisor) + 1;
}
