namespace EdgeGateway.Simulator.Faults;

/// <summary>
/// Faults the simulator injects into its answers. Rates are probabilities from 0 to 1 applied per
/// request; <see cref="PathPrefix"/> limits them to matching request paths. Immutable: the control
/// endpoint swaps the whole set atomically.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Delay added before answering, in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Share of requests answered 500 SYSTEM_ERROR.</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>Share of requests answered 429 RATELIMIT_EXCEEDED.</summary>
    public double TooManyRequestsRate { get; init; }

    /// <summary>Share of requests answered 503 SERVICE_UNAVAILABLE (WeChat Pay's overload protection, 过载保护).</summary>
    public double ServiceUnavailableRate { get; init; }

    /// <summary>Share of requests whose connection is reset without an answer.</summary>
    public double ConnectionResetRate { get; init; }

    /// <summary>Share of requests answered 200 with an unsigned non-JSON body.</summary>
    public double GarbageRate { get; init; }

    /// <summary>
    /// Share of requests answered <c>307 Temporary Redirect</c> to <see cref="RedirectLocation"/>, unsigned: what a
    /// captive proxy or a hijacked name would answer (WeChat Pay v3 itself never redirects).
    /// </summary>
    public double RedirectRate { get; init; }

    /// <summary>Where <see cref="RedirectRate"/> points.</summary>
    public string RedirectLocation { get; init; } = "https://collector.invalid/steal";

    /// <summary>
    /// Headers added to every answer after it is signed (e.g. Set-Cookie, Server, X-Whatever): the signature
    /// covers the body only, so they arrive on a correctly signed answer.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExtraHeaders { get; init; }

    /// <summary>How answers' signatures are spoiled (for <see cref="SignatureFaultRate"/> of them).</summary>
    public SignatureFault SignatureFault { get; init; }

    public double SignatureFaultRate { get; init; } = 1.0;

    /// <summary>Apply faults only to paths starting with this (null: every API path).</summary>
    public string? PathPrefix { get; init; }

    public bool AppliesTo(string path) => PathPrefix is null || path.StartsWith(PathPrefix, StringComparison.Ordinal);
}
