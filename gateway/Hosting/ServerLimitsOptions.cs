using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Hosting;

/// <summary>
/// <c>EdgeGateway:ServerLimits</c>: Kestrel's limits, set on purpose rather than left to defaults, because the
/// gateway faces internal callers and WeChat Pay's callbacks, and slow or oversized input must cost little.
/// Per-route body limits (<c>MaxRequestBodyBytes</c>) apply on top of <see cref="MaxRequestBodyBytes"/>.
/// </summary>
public sealed class ServerLimitsOptions
{
    public const string SectionName = "EdgeGateway:ServerLimits";

    /// <summary>Most request headers accepted (431 above). Default 64: v3 calls carry about a dozen.</summary>
    [SettingRange(16, int.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; allow at least {1} (a v3 call carries about a dozen headers).")]
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>Total size of the request headers in bytes (431 above). Default 16 KiB.</summary>
    [SettingRange(4096, int.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use at least {1} bytes.")]
    public int MaxRequestHeadersTotalSize { get; set; } = 16 * 1024;

    /// <summary>Longest request line in bytes (414 above). Default 8 KiB.</summary>
    [SettingRange(1024, int.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use at least {1} bytes.")]
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>Server-wide cap on any request body in bytes (413 above), whatever a route allows. Default 8 MiB.</summary>
    [SettingRange(1, long.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use a positive number of bytes.")]
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Time to receive all request headers before the connection is closed (slow-loris). Default 10 s.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; write a positive duration such as \"00:00:10\".")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Slowest acceptable request body, bytes per second, after <see cref="MinRequestBodyDataRateGracePeriod"/>. Default 240.</summary>
    [SettingRange(0, double.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use {1} or more bytes per second.")]
    public double MinRequestBodyDataRate { get; set; } = 240;

    /// <summary>Grace before <see cref="MinRequestBodyDataRate"/> applies. Default 5 s.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; use longer than {1} (Kestrel's minimum).")]
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest time a proxied request's whole body may take to arrive (408 <c>INVALID_REQUEST</c> after it). The body is
    /// read before the route's rate limiter (README, "What the gateway does with a request"), so this bounds how long a
    /// slow sender can keep a connection busy even when it stays above <see cref="MinRequestBodyDataRate"/>. Default 10 s.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true,
        ErrorMessage = SectionName + ":{0} is {3}; write a positive duration such as \"00:00:10\" (the longest a request body may take to arrive).")]
    public TimeSpan RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle keep-alive connections are closed after this. Default 2 min.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; write a positive duration such as \"00:02:00\".")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Concurrent HTTP/2 streams per connection. Default 100.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use at least {1}.")]
    public int Http2MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>Most open connections (null: unlimited). A backstop; rate limits are per route.</summary>
    [SettingRange(1, long.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use at least {1}, or leave it empty for no limit.")]
    public long? MaxConcurrentConnections { get; set; }
}

/// <summary>Checks <see cref="ServerLimitsOptions"/> against its attributes (generated).</summary>
[OptionsValidator]
internal sealed partial class ServerLimitsOptionsValidator : IValidateOptions<ServerLimitsOptions>;
