using System.Globalization;
using System.Text;

namespace EdgeGateway.Quotas;

/// <summary>
/// The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-11), as Structured Field lists with one
/// item per quota window: <c>RateLimit-Policy: "orders-60s";q=10;w=60</c> (quota q per window w seconds) and
/// <c>RateLimit: "orders-60s";r=9;t=6</c> (r requests remaining, t seconds until the window is full again).
/// </summary>
internal static class RateLimitHeaders
{
    public const string PolicyHeader = "RateLimit-Policy";
    public const string StateHeader = "RateLimit";

    public static string Policy(string quota, IReadOnlyList<GcraWindow> windows)
    {
        var text = new StringBuilder();
        for (var i = 0; i < windows.Count; i++)
        {
            Separator(text, i);
            text.Append(CultureInfo.InvariantCulture, $"{Id(quota, windows[i])};q={windows[i].Limit};w={windows[i].PeriodSeconds}");
        }

        return text.ToString();
    }

    public static string State(string quota, IReadOnlyList<GcraWindow> windows, QuotaDecision decision)
    {
        var text = new StringBuilder();
        for (var i = 0; i < windows.Count; i++)
        {
            Separator(text, i);
            var state = decision.Windows[i];
            text.Append(CultureInfo.InvariantCulture, $"{Id(quota, windows[i])};r={state.Remaining};t={(state.ResetMs + 999) / 1000}");
        }

        return text.ToString();
    }

    /// <summary>The policy identifier as an sf-string: the quota's name and window, printable ASCII, quotes escaped.</summary>
    public static string Id(string quota, GcraWindow window)
    {
        var id = new StringBuilder("\"");
        foreach (var c in quota)
        {
            if (c is '"' or '\\')
            {
                id.Append('\\').Append(c);
            }
            else
            {
                id.Append(c is >= ' ' and <= '~' ? c : '_');
            }
        }

        return id.Append(CultureInfo.InvariantCulture, $"-{window.PeriodSeconds}s\"").ToString();
    }

    private static void Separator(StringBuilder text, int index)
    {
        if (index > 0)
        {
            text.Append(", ");
        }
    }
}
