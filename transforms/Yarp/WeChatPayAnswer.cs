using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// What WeChat Pay answered and what the gateway made of it: set once in <c>HttpContext.Features</c> by the answer
/// transform (<see cref="WeChatPayVerifyingTransform"/> or <see cref="WeChatPayPassThroughTransform"/>) and read by
/// the steps that act on the outcome after forwarding (the duplicate guard, the status cache, the circuit breaker,
/// telemetry). Absent when no answer came back at all.
/// </summary>
public sealed record WeChatPayAnswer
{
    /// <summary>The status WeChat Pay answered with, before any replacement by the gateway.</summary>
    public required int UpstreamStatus { get; init; }

    /// <summary>WeChat Pay's Request-ID header, for support cases.</summary>
    public string? UpstreamRequestId { get; init; }

    /// <summary>The verification outcome of the answer, when it was checked.</summary>
    public VerificationResult? Verification { get; init; }

    /// <summary>How the answer passed to the caller was signed; null when the gateway answered in its place.</summary>
    public AnswerSignature? Signature { get; init; }

    /// <summary>The verified body of a 2xx answer: what the duplicate guard keeps for replay and the status cache serves.</summary>
    public ReadOnlyMemory<byte>? VerifiedBody { get; init; }
}
