using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Certificates;

/// <summary>
/// <c>EdgeGateway:Certificates</c>: how the platform certificates of every merchant are downloaded from
/// <c>GET /v3/certificates</c>, refreshed, shared between instances and kept on disk (PROTOCOL.md §3).
/// Every value is optional; the defaults suit production.
/// </summary>
public sealed class CertificateOptions
{
    public const string SectionName = "EdgeGateway:Certificates";

    /// <summary>
    /// How often the set is refreshed. Default 4 hours (WeChat Pay requires polling more often than every 12 hours, §3.3).
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:01:00", "11:00:00", ErrorMessage = SectionName + ":{0} is {3}; use a value from {1} to {2} (WeChat Pay requires a refresh more often than every 12 hours).")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Share of <see cref="RefreshInterval"/> by which each refresh is moved at random, so that instances do
    /// not refresh in step. Default 0.1 (±10 %).
    /// </summary>
    [SettingRange(0.0, 0.5, ErrorMessage = SectionName + ":{0} is {3}; use a fraction from {1} to {2}.")]
    public double RefreshJitter { get; set; } = 0.1;

    /// <summary>
    /// Wait before trying again after a failed download; doubles with each failure up to a quarter of
    /// <see cref="RefreshInterval"/>. Default 1 minute.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", SettingRangeAttribute.LongestDuration, ErrorMessage = SectionName + ":{0} is {3}; use at least {1}.")]
    public TimeSpan FailureRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// At most one download per merchant in this interval is triggered by an unknown <c>Wechatpay-Serial</c>,
    /// across all instances, so forged serials cannot make the gateway hammer WeChat Pay. Default 30 seconds.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = SectionName + ":{0} is {3}; use a value from {1} to {2}.")]
    public TimeSpan UnknownSerialRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one download attempt (per destination). Default 10 seconds.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, MinimumIsExclusive = true, ErrorMessage = SectionName + ":{0} is {3}; use a positive duration such as \"00:00:10\".")]
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance waits for another instance's download before using what it has. Default 2 seconds.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, ErrorMessage = SectionName + ":{0} is {3}; use {1} or longer.")]
    public TimeSpan SharedWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest /v3/certificates answer read, in bytes. Default 1 MiB.</summary>
    [SettingRange(1024, int.MaxValue, ErrorMessage = SectionName + ":{0} is {3}; use at least {1}.")]
    public int MaxDownloadBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Folder (relative to the content root) where the last good set of every merchant is kept, so the
    /// gateway verifies after a restart while WeChat Pay and Redis are both unreachable. The files hold the
    /// encrypted answer, re-authenticated with the APIv3 key when read. Default <c>.cache/certificates</c>;
    /// empty turns the disk copy off.
    /// </summary>
    public string? CacheDirectory { get; set; } = ".cache/certificates";

    /// <summary>
    /// Readiness reports a merchant as degraded when its newest certificate expires within this time and it
    /// has no WeChat Pay public key. Default 7 days.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", SettingRangeAttribute.LongestDuration, ErrorMessage = SectionName + ":{0} is {3}; use {1} or longer.")]
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The YARP cluster whose destinations serve /v3/certificates (primary first, then the one marked
    /// <c>"Role": "backup"</c>). Default: the first cluster with <c>"Metadata": {"Upstream": "WeChatPay"}</c>.
    /// </summary>
    public string? ClusterId { get; set; }
}

/// <summary>Checks <see cref="CertificateOptions"/> against its attributes (generated).</summary>
[OptionsValidator]
internal sealed partial class CertificateOptionsValidator : IValidateOptions<CertificateOptions>;
