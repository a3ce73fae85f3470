using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeGateway.Callbacks;

/// <summary>
/// A verified, decrypted callback as it is kept until delivered: the envelope's metadata, the decrypted
/// resource (the transaction or refund JSON exactly as WeChat Pay encrypted it), the traceparent of the
/// span that received it, and the delivery history. Stored as JSON in the stream, retry set and dead letters.
/// </summary>
internal sealed record CallbackEvent
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>WeChat Pay's notification id; the idempotency key of the delivery.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The callback route (config/callbacks.json) it arrived on; its target is looked up at delivery.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("mchid")]
    public required string MchId { get; init; }

    [JsonPropertyName("event_type")]
    public required string EventType { get; init; }

    [JsonPropertyName("create_time")]
    public string? CreateTime { get; init; }

    [JsonPropertyName("summary")]
    public string? Summary { get; init; }

    [JsonPropertyName("resource_type")]
    public string? ResourceType { get; init; }

    [JsonPropertyName("original_type")]
    public string? OriginalType { get; init; }

    /// <summary>The decrypted resource (a JSON object).</summary>
    [JsonPropertyName("plaintext")]
    public required string Plaintext { get; init; }

    /// <summary>W3C traceparent of the ingress span, sent with every delivery attempt.</summary>
    [JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }

    /// <summary>Unix milliseconds when the gateway accepted it (delivery lag is measured from here).</summary>
    [JsonPropertyName("accepted_at")]
    public long AcceptedAt { get; init; }

    /// <summary>Delivery attempts made so far.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    [JsonPropertyName("last_error")]
    public string? LastError { get; init; }

    [JsonPropertyName("dead_lettered_at")]
    public long? DeadLetteredAt { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored event; null when the text is not one (it is then dead-lettered as unreadable).</summary>
    public static CallbackEvent? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CallbackEvent>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
