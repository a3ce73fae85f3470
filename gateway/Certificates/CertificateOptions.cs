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
    /// How often the set is refreshed. Default 4 hours; allowed 1 minute to 11 hours (WeChat Pay requires
    /// polling more often than every 12 hours, §3.3).
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Share of <see cref="RefreshInterval"/> by which each refresh is moved at random, so that instances do
    /// not refresh in step. Default 0.1 (±10 %); allowed 0 to 0.5.
    /// </summary>
    public double RefreshJitter { get; set; } = 0.1;

    /// <summary>
    /// Wait before trying again after a failed download; doubles with each failure up to a quarter of
    /// <see cref="RefreshInterval"/>. Default 1 minute; at least 1 second.
    /// </summary>
    public TimeSpan FailureRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// At most one download per merchant in this interval is triggered by an unknown <c>Wechatpay-Serial</c>,
    /// across all instances, so forged serials cannot make the gateway hammer WeChat Pay. Default 30 seconds;
    /// allowed 1 second to 1 hour.
    /// </summary>
    public TimeSpan UnknownSerialRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one download attempt (per destination). Default 10 seconds.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance waits for another instance's download before using what it has. Default 2 seconds.</summary>
    public TimeSpan SharedWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest /v3/certificates answer read, in bytes. Default 1 MiB.</summary>
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
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The YARP cluster whose destinations serve /v3/certificates (primary first, then the one marked
    /// <c>"Role": "backup"</c>). Default: the first cluster with <c>"Metadata": {"Upstream": "WeChatPay"}</c>.
    /// </summary>
    public string? ClusterId { get; set; }

    /// <summary>Every problem with these values, as messages naming the key and what to do.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RefreshInterval < TimeSpan.FromMinutes(1) || RefreshInterval > TimeSpan.FromHours(11))
        {
            errors.Add($"{SectionName}:RefreshInterval is {RefreshInterval}; use a value from 00:01:00 to 11:00:00 (WeChat Pay requires a refresh more often than every 12 hours).");
        }

        if (double.IsNaN(RefreshJitter) || RefreshJitter is < 0 or > 0.5)
        {
            errors.Add($"{SectionName}:RefreshJitter is {RefreshJitter}; use a fraction from 0 to 0.5.");
        }

        if (FailureRetryDelay < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{SectionName}:FailureRetryDelay is {FailureRetryDelay}; use at least 00:00:01.");
        }

        if (UnknownSerialRefreshInterval < TimeSpan.FromSeconds(1) || UnknownSerialRefreshInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{SectionName}:UnknownSerialRefreshInterval is {UnknownSerialRefreshInterval}; use a value from 00:00:01 to 01:00:00.");
        }

        if (DownloadTimeout <= TimeSpan.Zero || SharedWait < TimeSpan.Zero || ExpiryWarning < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}: DownloadTimeout must be positive, SharedWait and ExpiryWarning not negative.");
        }

        if (MaxDownloadBytes < 1024)
        {
            errors.Add($"{SectionName}:MaxDownloadBytes is {MaxDownloadBytes}; use at least 1024.");
        }

        return errors;
    }
}
