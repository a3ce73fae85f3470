using System.Globalization;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// The v3 request <c>Authorization</c> header (PROTOCOL.md §1.3):
/// <c>WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"</c>.
/// <see cref="Format"/> writes the official SDKs' order; <see cref="TryParse"/> accepts any order, as
/// WeChat Pay does, and rejects anything it cannot read unambiguously.
/// </summary>
public sealed record AuthorizationHeader(string MchId, string NonceStr, long Timestamp, string SerialNo, string Signature)
{
    private const int MaxLength = 4096;

    /// <summary>The header value, in the order GO, JAVA and AHC use.</summary>
    public string Format()
    {
        // One interpolation: built in a pooled buffer, one string allocated (this runs for every signed request).
        return string.Create(CultureInfo.InvariantCulture,
            $"{Rsa2048Signature.SchemeName} mchid=\"{MchId}\",nonce_str=\"{NonceStr}\",timestamp=\"{Timestamp}\",serial_no=\"{SerialNo}\",signature=\"{Signature}\"");
    }

    public override string ToString() => Format();

    /// <summary>
    /// Parses a header value. On failure <paramref name="error"/> says what is wrong, in words meant for
    /// whoever sent the header.
    /// </summary>
    public static bool TryParse(string? value, out AuthorizationHeader? header, out string? error)
    {
        header = null;
        if (string.IsNullOrEmpty(value))
        {
            error = "The Authorization header is missing.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = $"The Authorization header is longer than {MaxLength} characters.";
            return false;
        }

        var space = value.IndexOf(' ');
        // Exactly one space: more whitespace would become part of the first key (" mchid") and slip past
        // the duplicate and required-field checks.
        if (space <= 0 || !value.AsSpan(0, space).SequenceEqual(Rsa2048Signature.SchemeName)
            || (space + 1 < value.Length && char.IsWhiteSpace(value[space + 1])))
        {
            error = $"The Authorization scheme must be {Rsa2048Signature.SchemeName} followed by one space.";
            return false;
        }

        var fields = new Dictionary<string, string>(5, StringComparer.Ordinal);
        var rest = value.AsSpan(space + 1);
        while (!rest.IsEmpty)
        {
            var equals = rest.IndexOf('=');
            if (equals <= 0)
            {
                error = "Each Authorization parameter must look like key=\"value\".";
                return false;
            }

            var key = rest[..equals].ToString();
            rest = rest[(equals + 1)..];
            if (rest.IsEmpty || rest[0] != '"')
            {
                error = $"The Authorization parameter '{key}' must be a double-quoted value.";
                return false;
            }

            var close = rest[1..].IndexOf('"');
            if (close < 0)
            {
                error = $"The Authorization parameter '{key}' has no closing quote.";
                return false;
            }

            var fieldValue = rest.Slice(1, close).ToString();
            rest = rest[(close + 2)..];
            if (!rest.IsEmpty)
            {
                if (rest[0] != ',')
                {
                    error = "Authorization parameters must be separated by a comma with no spaces.";
                    return false;
                }

                rest = rest[1..];
                if (rest.IsEmpty)
                {
                    error = "The Authorization header ends with a trailing comma.";
                    return false;
                }

                // Whitespace after the comma would otherwise become part of the next key (" signature").
                if (char.IsWhiteSpace(rest[0]))
                {
                    error = "Authorization parameters must be separated by a comma with no spaces.";
                    return false;
                }
            }

            if (!fields.TryAdd(key, fieldValue))
            {
                error = $"The Authorization parameter '{key}' appears more than once.";
                return false;
            }
        }

        foreach (var required in (ReadOnlySpan<string>)["mchid", "nonce_str", "timestamp", "serial_no", "signature"])
        {
            if (!fields.TryGetValue(required, out var present) || present.Length == 0)
            {
                error = $"The Authorization parameter '{required}' is missing or empty.";
                return false;
            }
        }

        if (!long.TryParse(fields["timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            error = "The Authorization timestamp must be Unix time in whole seconds.";
            return false;
        }

        header = new AuthorizationHeader(fields["mchid"], fields["nonce_str"], timestamp, fields["serial_no"], fields["signature"]);
        error = null;
        return true;
    }
}
