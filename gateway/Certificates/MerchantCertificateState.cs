using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Certificates;

/// <summary>
/// What the gateway knows about one merchant's downloaded certificates: when the set it uses was fetched
/// and from where, when to refresh next, and the last failure. Written by the refresher (one refresh at a
/// time per merchant), read by readiness and metrics.
/// </summary>
internal sealed class MerchantCertificateState
{
    private readonly Lock _gate = new();
    private Task? _inFlight;
    private RefreshTrigger _inFlightTrigger;

    /// <summary>When WeChat Pay produced the set in use; null until one was downloaded, shared or read from disk.</summary>
    public DateTimeOffset? FetchedAt { get; set; }

    public CertificateSource? Source { get; set; }

    /// <summary>True when WeChat Pay said the merchant has no platform certificate (public-key mode).</summary>
    public bool NotFound { get; set; }

    /// <summary>When the scheduled refresh is due (MinValue: at once).</summary>
    public DateTimeOffset NextRefresh { get; set; } = DateTimeOffset.MinValue;

    public DateTimeOffset? LastUnknownSerialDownload { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Why the last download failed (null after a success); no key material.</summary>
    public string? LastError { get; set; }

    /// <summary>The refresh hook handed to the proxy's verifying transform, made once per merchant.</summary>
    public Func<string, CancellationToken, ValueTask<IVerificationKeyProvider?>>? Hook { get; set; }

    /// <summary>
    /// Single flight: returns the refresh already running for this merchant, or starts <paramref name="start"/>.
    /// <paramref name="trigger"/> is the running refresh's reason.
    /// </summary>
    public Task Join(RefreshTrigger wanted, Func<Task> start, out RefreshTrigger trigger)
    {
        lock (_gate)
        {
            if (_inFlight is { IsCompleted: false } running)
            {
                trigger = _inFlightTrigger;
                return running;
            }

            _inFlightTrigger = trigger = wanted;
            _inFlight = Task.Run(start);
            return _inFlight;
        }
    }
}
