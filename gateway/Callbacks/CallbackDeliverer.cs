using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using EdgeGateway.Telemetry;

namespace EdgeGateway.Callbacks;

/// <summary>
/// POSTs one event to its internal target: a JSON object with the envelope's metadata (<c>id</c>,
/// <c>create_time</c>, <c>event_type</c>, <c>resource_type</c>, <c>summary</c>, <c>original_type</c>) and
/// <c>resource</c>, the decrypted transaction or refund exactly as WeChat Pay encrypted it. A verified resource that is
/// not JSON text is delivered too, as <c>"resource":null</c> and the text in <c>resource_text</c>, so the body is always
/// JSON and the event reaches its service exactly as often as any other. Headers:
/// <c>Idempotency-Key</c> (the notification id: deliveries are at-least-once), <c>traceparent</c> (the trace
/// of the ingress span), and the attempt number. Any 2xx is a delivery.
/// </summary>
internal sealed class CallbackDeliverer : IDisposable
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string AttemptHeader = "X-EdgeGateway-Callback-Attempt";
    public const string NameHeader = "X-EdgeGateway-Callback-Name";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The runtime's propagator would write the traceparent of whatever activity is current; the worker sets
    // the event's own trace instead, so propagation is switched off on this client.
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<DeliveryResult> DeliverAsync(Uri target, CallbackEvent callback, int attempt, TimeSpan timeout, CancellationToken stopping)
    {
        using var activity = StartActivity(callback);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(Body(callback)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, callback.Id);
        request.Headers.TryAddWithoutValidation(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(NameHeader, callback.Name);
        if ((activity?.Id ?? callback.TraceParent) is { } traceParent)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            return status is >= 200 and < 300 ? DeliveryResult.Success : DeliveryResult.Failure($"the target answered HTTP {status}");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return DeliveryResult.Interrupted;
        }
        catch (OperationCanceledException)
        {
            return DeliveryResult.Failure($"the target did not answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Failure($"the target was not reached ({(ex.HttpRequestError == HttpRequestError.Unknown ? ex.GetType().Name : ex.HttpRequestError)})");
        }
    }

    /// <summary>The delivery body; <c>resource</c> is the stored plaintext written verbatim when it is one JSON value.</summary>
    public static byte[] Body(CallbackEvent callback)
    {
        using var buffer = new MemoryStream(callback.Plaintext.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", callback.Id);
            writer.WriteString("create_time", callback.CreateTime);
            writer.WriteString("event_type", callback.EventType);
            writer.WriteString("resource_type", callback.ResourceType);
            writer.WriteString("summary", callback.Summary);
            writer.WriteString("original_type", callback.OriginalType);
            writer.WritePropertyName("resource");
            var utf8 = System.Text.Encoding.UTF8.GetBytes(callback.Plaintext);
            if (IsOneJsonValue(utf8))
            {
                // Checked just above at any depth; the writer's own check would stop at 64 levels and throw.
                writer.WriteRawValue(utf8, skipInputValidation: true);
            }
            else
            {
                writer.WriteNullValue();
                writer.WriteString("resource_text", callback.Plaintext);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Whether the text is exactly one JSON value, however deeply nested and whatever its numbers or string escapes
    /// hold (a lone surrogate escape is valid JSON syntax; it is the receiver's to read).
    /// </summary>
    private static bool IsOneJsonValue(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0 && reader.TokenType != JsonTokenType.None;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A client span under the ingress span (when tracing listens), so the whole path is one trace.</summary>
    private static Activity? StartActivity(CallbackEvent callback)
    {
        ActivityContext.TryParse(callback.TraceParent, null, isRemote: true, out var parent);
        var activity = GatewayTelemetry.ActivitySource.StartActivity(GatewaySpans.CallbackDelivery, ActivityKind.Client, parent);
        activity?.SetTag(GatewayTags.NotificationId, callback.Id);
        activity?.SetTag(GatewayTags.CallbackTarget, callback.Name);
        return activity;
    }

    public void Dispose() => _client.Dispose();
}
