using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// The answer of <c>GET /v3/certificates</c> (PROTOCOL.md §3.1), decrypted and checked: every entry is
/// opened with AEAD_AES_256_GCM under the APIv3 key (associated data <c>certificate</c>, §3.2), must hold a
/// PEM certificate with an RSA key whose serial equals <c>serial_no</c>, and must not have expired. The GCM
/// tag is what authenticates a certificate (§3.4), so a parsed list can be trusted wherever it was kept
/// (Redis, a file) as long as it is parsed here again. Pure: no I/O, no clock, every failure a value.
/// </summary>
public sealed class PlatformCertificateList
{
    /// <summary>The associated data WeChat Pay encrypts certificates under; anything else is another kind of ciphertext.</summary>
    public const string AssociatedData = "certificate";

    /// <summary>More entries than this is not a WeChat Pay answer (it lists one, or two during a rotation).</summary>
    public const int MaxEntries = 64;

    private PlatformCertificateList(IReadOnlyList<VerificationKey> accepted, IReadOnlyList<RejectedCertificate> rejected)
    {
        Accepted = accepted;
        Rejected = rejected;
    }

    /// <summary>Certificates that decrypted, matched their serial and have not expired (some may not be effective yet).</summary>
    public IReadOnlyList<VerificationKey> Accepted { get; }

    /// <summary>Entries that were dropped, with the reason (names no key material).</summary>
    public IReadOnlyList<RejectedCertificate> Rejected { get; }

    /// <summary>
    /// Parses <paramref name="body"/>. Returns false only when the answer as a whole is not a certificate
    /// list; entries that fail their own checks land in <see cref="Rejected"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> body, ApiV3Key apiV3Key, DateTimeOffset now, out PlatformCertificateList? list, out string? error)
    {
        ArgumentNullException.ThrowIfNull(apiV3Key);
        list = null;
        if (!JsonText.IsValid(body))
        {
            error = "the answer is not UTF-8 text (invalid bytes or a lone surrogate escape)";
            return false;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            error = $"the answer is not JSON (byte {ex.BytePositionInLine + 1} of line {ex.LineNumber + 1})";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                error = "the answer has no \"data\" array";
                return false;
            }

            if (data.GetArrayLength() > MaxEntries)
            {
                error = $"the answer lists more than {MaxEntries} certificates";
                return false;
            }

            var accepted = new List<VerificationKey>();
            var rejected = new List<RejectedCertificate>();
            foreach (var entry in data.EnumerateArray())
            {
                var serial = entry.ValueKind == JsonValueKind.Object ? Text(entry, "serial_no") : null;
                if (TryOpen(entry, serial, apiV3Key, now, out var key, out var reason))
                {
                    accepted.Add(key!);
                }
                else
                {
                    rejected.Add(new RejectedCertificate(serial, reason!));
                }
            }

            list = new PlatformCertificateList(accepted, rejected);
            error = null;
            return true;
        }
    }

    private static bool TryOpen(JsonElement entry, string? serial, ApiV3Key apiV3Key, DateTimeOffset now, out VerificationKey? key, out string? reason)
    {
        key = null;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            reason = "the entry is not an object";
            return false;
        }

        if (string.IsNullOrEmpty(serial) || serial.Length > 64 || !serial.All(char.IsAsciiHexDigit))
        {
            reason = "serial_no is missing or not hexadecimal";
            return false;
        }

        if (!entry.TryGetProperty("encrypt_certificate", out var encrypted) || encrypted.ValueKind != JsonValueKind.Object)
        {
            reason = "encrypt_certificate is missing";
            return false;
        }

        if (Text(encrypted, "algorithm") != AeadAesGcm.AlgorithmName)
        {
            reason = $"encrypt_certificate.algorithm is not {AeadAesGcm.AlgorithmName}";
            return false;
        }

        // Requiring the documented associated data keeps a callback resource (or any other ciphertext under
        // the same APIv3 key) from being passed off as a certificate.
        if (Text(encrypted, "associated_data") != AssociatedData)
        {
            reason = $"encrypt_certificate.associated_data is not \"{AssociatedData}\"";
            return false;
        }

        if (!AeadAesGcm.TryDecrypt(apiV3Key, Text(encrypted, "nonce"), AssociatedData, Text(encrypted, "ciphertext"), out var pem, out var decryptError))
        {
            reason = "the certificate does not decrypt: " + decryptError;
            return false;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            reason = "the decrypted text is not a PEM certificate";
            return false;
        }

        using (certificate)
        {
            if (!SameSerial(certificate.SerialNumber, serial))
            {
                reason = $"the certificate's own serial {certificate.SerialNumber} differs from serial_no";
                return false;
            }

            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (notAfter < now)
            {
                reason = $"the certificate expired at {notAfter:O}";
                return false;
            }

            try
            {
                key = VerificationKey.FromCertificate(certificate);
            }
            catch (CryptographicException)
            {
                reason = "the certificate does not hold an RSA key";
                return false;
            }
        }

        reason = null;
        return true;
    }

    /// <summary>Serials are integers: a DER sign byte (leading 00) or the case of the hex must not matter.</summary>
    private static bool SameSerial(string a, string b) =>
        string.Equals(a.TrimStart('0'), b.TrimStart('0'), StringComparison.OrdinalIgnoreCase);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
