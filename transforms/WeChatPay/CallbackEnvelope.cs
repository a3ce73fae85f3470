using System.Text.Json;

namespace EdgeGateway.Transforms.WeChatPay;

/// <summary>
/// The envelope of a WeChat Pay callback (PROTOCOL.md §4.1): <c>id</c>, <c>create_time</c>,
/// <c>event_type</c>, <c>resource_type</c>, <c>summary</c> and the encrypted <c>resource</c>. Parsing is pure
/// and never throws for bad input: a malformed envelope is a value with a reason. Verify the signature over
/// the raw body first (§2); this type only reads what the body says.
/// </summary>
public sealed class CallbackEnvelope
{
    /// <summary>Longest notification id accepted (WeChat Pay documents string(36)); it becomes part of storage keys.</summary>
    public const int MaxIdLength = 64;

    private CallbackEnvelope(string id, string eventType, string? createTime, string? resourceType, string? summary, CallbackResource resource)
    {
        Id = id;
        EventType = eventType;
        CreateTime = createTime;
        ResourceType = resourceType;
        Summary = summary;
        Resource = resource;
    }

    /// <summary>The notification id, unique per notification; re-sends carry the same id (§4.3).</summary>
    public string Id { get; }

    /// <summary>For example <c>TRANSACTION.SUCCESS</c> or <c>REFUND.SUCCESS</c>.</summary>
    public string EventType { get; }

    /// <summary>RFC 3339 time WeChat Pay created the notification, as sent.</summary>
    public string? CreateTime { get; }

    /// <summary><c>encrypt-resource</c>.</summary>
    public string? ResourceType { get; }

    /// <summary>A short human text, e.g. 支付成功.</summary>
    public string? Summary { get; }

    public CallbackResource Resource { get; }

    /// <summary>Reads the envelope; returns false with a short reason when it is not a WeChat Pay callback envelope.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out CallbackEnvelope? envelope, out string? error)
    {
        envelope = null;
        if (!JsonText.IsValid(body))
        {
            error = "the body is not UTF-8 text (invalid bytes or a lone surrogate escape)";
            return false;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            error = "the body is not JSON";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the body is not a JSON object";
                return false;
            }

            var id = Text(root, "id");
            if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !id.All(IsIdCharacter))
            {
                error = "id is missing or not a notification id";
                return false;
            }

            var eventType = Text(root, "event_type");
            if (string.IsNullOrEmpty(eventType) || eventType.Length > 64)
            {
                error = "event_type is missing";
                return false;
            }

            if (!root.TryGetProperty("resource", out var resourceElement) || resourceElement.ValueKind != JsonValueKind.Object)
            {
                error = "resource is missing";
                return false;
            }

            var algorithm = Text(resourceElement, "algorithm");
            var ciphertext = Text(resourceElement, "ciphertext");
            var nonce = Text(resourceElement, "nonce");
            if (algorithm is null || ciphertext is null || nonce is null)
            {
                error = "resource needs algorithm, ciphertext and nonce";
                return false;
            }

            var resource = new CallbackResource(algorithm, ciphertext, nonce, Text(resourceElement, "associated_data"), Text(resourceElement, "original_type"));
            envelope = new CallbackEnvelope(id, eventType, Text(root, "create_time"), Text(root, "resource_type"), Text(root, "summary"), resource);
            error = null;
            return true;
        }
    }

    /// <summary>
    /// Decrypts <see cref="Resource"/> with the APIv3 key (§3.2). Wrong key, tampering or an unknown algorithm are
    /// values, not exceptions. The plaintext is not judged: it is normally the transaction or refund JSON object, but
    /// once the signature verified and the tag matched it is WeChat Pay's own text, and refusing it would only make
    /// WeChat Pay send it again for 24 hours and then drop it (README "Callbacks": a verified callback is always
    /// accepted). Readers of the plaintext cope with whatever it holds.
    /// </summary>
    public bool TryDecrypt(ApiV3Key apiV3Key, out string? plaintext, out string? error)
    {
        ArgumentNullException.ThrowIfNull(apiV3Key);
        plaintext = null;
        if (Resource.Algorithm != AeadAesGcm.AlgorithmName)
        {
            error = $"resource.algorithm is not {AeadAesGcm.AlgorithmName}";
            return false;
        }

        if (!AeadAesGcm.TryDecrypt(apiV3Key, Resource.Nonce, Resource.AssociatedData, Resource.Ciphertext, out var text, out var decryptError))
        {
            error = "resource does not decrypt: " + decryptError;
            return false;
        }

        plaintext = text;
        error = null;
        return true;
    }

    /// <summary>Printable ASCII without spaces: ids become parts of storage keys and HTTP headers.</summary>
    private static bool IsIdCharacter(char c) => c is > ' ' and < '\u007f';

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
