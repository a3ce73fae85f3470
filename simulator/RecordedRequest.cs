namespace EdgeGateway.Simulator;

/// <summary>One API request as the simulator saw it, for assertions and the /simulator/requests view.</summary>
public sealed record RecordedRequest(
    DateTimeOffset At,
    string Method,
    string Target,
    string? MchId,
    string? Nonce,
    int Status,
    string? TraceParent,
    string? UserAgent,
    string? WechatpaySerial,
    bool SignatureAccepted,
    string? Authorization,
    IReadOnlyList<string> HeaderNames,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The value of header <paramref name="name"/> as received (several values joined with ", "), or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
