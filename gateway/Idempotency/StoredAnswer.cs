using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeGateway.Requests;

namespace EdgeGateway.Idempotency;

/// <summary>
/// What the guard keeps under an order's key once WeChat Pay's verified 2xx came back: the answer itself, in the one
/// form the gateway keeps answers in (<see cref="KeptAnswer"/>, shared with the status cache: same headers, same
/// bytes), the fingerprint (SHA-256 of the exact request body bytes) of the request that produced it, so only an
/// identical repeat gets it back, and when it was kept.
/// </summary>
internal sealed record StoredAnswer(string Fingerprint, KeptAnswer Answer, DateTimeOffset StoredAt)
{
    /// <summary>The binary form's first byte. The form before it was JSON, whose first byte is <c>{</c>.</summary>
    private const byte FormatVersion = 2;

    public StoredAnswer(string fingerprint, int status, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, DateTimeOffset storedAt)
        : this(fingerprint, new KeptAnswer(status, headers, body), storedAt)
    {
    }

    public int Status => Answer.Status;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => Answer.Headers;

    public byte[] Body => Answer.Body;

    /// <summary>Version, fingerprint, time kept (Unix ms), then the answer in <see cref="KeptAnswer.Serialize"/>'s form.</summary>
    public byte[] Serialize() => KeptAnswer.Write(Answer.EncodedSizeHint + Fingerprint.Length + 32, writer =>
    {
        writer.Write(FormatVersion);
        writer.Write(Fingerprint);
        writer.Write(StoredAt.ToUnixTimeMilliseconds());
        Answer.WriteTo(writer);
    });

    /// <summary>
    /// Reads <see cref="Serialize"/>'s form, and the JSON an earlier version kept (an answer is kept for up to a day, so
    /// a rolling upgrade meets both). Null when the bytes are neither (treated as unreadable, never as absent).
    /// </summary>
    public static StoredAnswer? Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        return bytes[0] == (byte)'{' ? FromJson(bytes) : FromBinary(bytes);
    }

    private static StoredAnswer? FromBinary(ReadOnlySpan<byte> bytes) => KeptAnswer.Read(bytes, reader =>
    {
        if (reader.ReadByte() != FormatVersion)
        {
            return null;
        }

        var fingerprint = reader.ReadString();
        var storedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
        return KeptAnswer.ReadFrom(reader) is { } answer ? new StoredAnswer(fingerprint, answer, storedAt) : null;
    });

    private static StoredAnswer? FromJson(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<EarlierForm>(bytes) is { Fingerprint: { } fingerprint, Headers: { } headers, Body: { } body } earlier
                ? new StoredAnswer(fingerprint, earlier.Status, headers, body, earlier.StoredAt)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The JSON form kept before the binary one.</summary>
    private sealed record EarlierForm(
        [property: JsonPropertyName("f")] string? Fingerprint,
        [property: JsonPropertyName("s")] int Status,
        [property: JsonPropertyName("h")] List<KeyValuePair<string, string>>? Headers,
        [property: JsonPropertyName("b")] byte[]? Body,
        [property: JsonPropertyName("t")] DateTimeOffset StoredAt);
}
