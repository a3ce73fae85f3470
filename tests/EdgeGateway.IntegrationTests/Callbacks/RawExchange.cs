using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>Everything a raw connection received, and whether the server closed it.</summary>
internal sealed partial record RawExchange(string Text, bool ClosedByServer)
{
    /// <summary>The status code of every response on the connection, in order.</summary>
    public IReadOnlyList<int> Statuses => [.. StatusLine().Matches(Text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    /// <summary>The first response's head (status line and headers).</summary>
    public string FirstHead => Text.Split("\r\n\r\n", 2)[0];

    /// <summary>The first response's body (up to its Content-Length).</summary>
    public string FirstBody
    {
        get
        {
            var parts = Text.Split("\r\n\r\n", 2);
            var length = ContentLength().Match(parts[0]) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return parts.Length < 2 ? string.Empty : parts[1][..Math.Min(length, parts[1].Length)];
        }
    }

    [GeneratedRegex(@"HTTP/1\.1 (\d{3}) ")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"(?im)^Content-Length: (\d+)\r?$")]
    private static partial Regex ContentLength();
}
