using System.Text.Json;

namespace EdgeGateway.Caching;

/// <summary>
/// Which states of a verified query answer are final: the order's <c>trade_state</c> or the refund's <c>status</c>.
/// A final state does not change by itself any more (only a refund turns SUCCESS into REFUND, and the gateway
/// or the callback invalidates then); a missing or unknown state is treated as non-final, the short TTL.
/// </summary>
internal static class StatusStates
{
    private static readonly HashSet<string> FinalOrderStates = new(StringComparer.Ordinal) { "SUCCESS", "CLOSED", "REFUND", "PAYERROR", "REVOKED" };
    private static readonly HashSet<string> FinalRefundStates = new(StringComparer.Ordinal) { "SUCCESS", "CLOSED", "ABNORMAL" };

    /// <summary>The state field of the answer for <paramref name="kind"/>, or null when the body has none.</summary>
    public static string? Read(StatusKind kind, ReadOnlySpan<byte> body)
    {
        var field = kind == StatusKind.OutRefundNo ? "status" : "trade_state";
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(field, out var value)
                   && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsFinal(StatusKind kind, string? state) =>
        state is not null && (kind == StatusKind.OutRefundNo ? FinalRefundStates : FinalOrderStates).Contains(state);
}
