using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// An immutable set of verification keys: platform certificates and/or a WeChat Pay public key.
/// During a migration both kinds are held and <c>Wechatpay-Serial</c> picks one (PROTOCOL.md §3.5).
/// Serials are matched case-insensitively: certificate serials are hex (any case), and a public key
/// id still has to verify the signature, so its case buys nothing.
/// </summary>
public sealed class VerificationKeySet : IVerificationKeyProvider
{
    private readonly FrozenDictionary<string, VerificationKey> _keys;

    public VerificationKeySet(IEnumerable<VerificationKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var map = new Dictionary<string, VerificationKey>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            map[key.Serial] = key;
        }

        _keys = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public static VerificationKeySet Empty { get; } = new([]);

    public IReadOnlyCollection<VerificationKey> Keys => _keys.Values;

    public int Count => _keys.Count;

    public bool TryGetKey(string serial, [NotNullWhen(true)] out VerificationKey? key) => _keys.TryGetValue(serial, out key);

    /// <summary>
    /// The serial a client should advertise in the request <c>Wechatpay-Serial</c> header: the public key
    /// id when one is held (so WeChat Pay answers with it), else the certificate that expires last.
    /// </summary>
    public string? PreferredSerial(DateTimeOffset now)
    {
        VerificationKey? best = null;
        foreach (var key in _keys.Values)
        {
            if (key.Kind == VerificationKeyKind.PublicKey)
            {
                return key.Serial;
            }

            if (key.IsValidAt(now) && (best is null || key.NotAfter > best.NotAfter))
            {
                best = key;
            }
        }

        return best?.Serial;
    }

    /// <summary>A new set with <paramref name="extra"/> added (replacing keys with the same serial).</summary>
    public VerificationKeySet With(IEnumerable<VerificationKey> extra) => new(_keys.Values.Concat(extra));
}
