using EdgeGateway.Simulator.Faults;
using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.Simulator;

/// <summary>Which key the simulator signs its answers with.</summary>
public enum AnswerSigningMode
{
    /// <summary>
    /// As WeChat Pay does during a migration: the public key when the request's Wechatpay-Serial names it,
    /// otherwise the newest platform certificate, otherwise the public key.
    /// </summary>
    Auto,

    /// <summary>Always the newest platform certificate.</summary>
    Certificate,

    /// <summary>Always the WeChat Pay public key.</summary>
    PublicKey,
}

/// <summary>Everything a simulator instance needs: merchants, platform keys and initial faults.</summary>
public sealed class SimulatorOptions
{
    public List<SimulatedMerchant> Merchants { get; } = [];

    /// <summary>Platform certificates served by /v3/certificates; the newest signs answers.</summary>
    public List<PlatformCertificate> PlatformCertificates { get; } = [];

    /// <summary>The WeChat Pay public key, for public-key mode (optional).</summary>
    public PlatformPublicKey? PublicKey { get; set; }

    public AnswerSigningMode SigningMode { get; set; } = AnswerSigningMode.Auto;

    public FaultSettings Faults { get; set; } = new();

    /// <summary>The clock used for signatures, timestamps checks and order times.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Accept requests whose Authorization timestamp is less than this far from now, either side (WeChat: about 5 minutes; exactly this far is refused, as the gateway refuses answers).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
