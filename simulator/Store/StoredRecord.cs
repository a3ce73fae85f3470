using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Store;

/// <summary>
/// One object the simulator created for a partner, combined, profit-sharing or transfer call: the request that created
/// it (with sensitive fields as they arrived, encrypted), a fingerprint of that request (a repeat with other values is
/// refused, as WeChat Pay does) and the answer queries return. <see cref="Plaintext"/> holds what the simulator decrypted.
/// </summary>
public sealed class StoredRecord
{
    public required JsonObject Request { get; init; }

    public required string Fingerprint { get; init; }

    public required JsonObject Answer { get; init; }

    /// <summary>Sensitive fields as decrypted with the platform private key, by JSON path (e.g. <c>user_name</c>).</summary>
    public IReadOnlyDictionary<string, string> Plaintext { get; init; } = new Dictionary<string, string>();

    /// <summary>The Wechatpay-Serial the creating request carried.</summary>
    public string? Serial { get; init; }
}
