using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeGateway.Idempotency;

/// <summary>
/// A verified 2xx answer kept for replay, with the fingerprint (SHA-256 of the exact request body bytes) of
/// the request that produced it: only an identical repeat gets it back.
/// </summary>
internal sealed record StoredAnswer(
    [property: JsonPropertyName("f")] string Fingerprint,
    [property: JsonPropertyName("s")] int Status,
    [property: JsonPropertyName("h")] IReadOnlyList<KeyValuePair<string, string>> Headers,
    [property: JsonPropertyName("b")] byte[] Body,
    [property: JsonPropertyName("t")] DateTimeOffset StoredAt)
{
    public string Serialize() => JsonSerializer.Serialize(this);

    /// <summary>Null when the stored text is not an answer this gateway wrote (treated as absent).</summary>
    public static StoredAnswer? Deserialize(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<StoredAnswer>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
