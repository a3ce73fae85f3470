using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// Writes errors produced by the gateway itself in WeChat Pay's shape (<c>{"code","message","detail"}</c>)
/// with <c>X-EdgeGateway-Error: true</c>, so existing client code keeps working and callers can tell
/// them from WeChat Pay's own errors, which pass through unchanged.
/// </summary>
public static class GatewayErrorResponse
{
    public const string MarkerHeader = "X-EdgeGateway-Error";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Replaces whatever response was being prepared with the error (the response must not have started).</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string message, object? detail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        context.Features.Set(new GatewayErrorFeature(status, code));
        if (response.HasStarted)
        {
            // Too late for a clean answer: end the exchange so the caller sees a failure, not a truncated success.
            context.Abort();
            return Task.CompletedTask;
        }

        response.Clear();
        response.StatusCode = status;
        response.Headers[MarkerHeader] = "true";
        response.Headers.CacheControl = "no-store";
        response.ContentType = "application/json; charset=utf-8";
        var body = JsonSerializer.SerializeToUtf8Bytes(new GatewayError(code, message, detail), JsonOptions);
        response.ContentLength = body.Length;
        // Not RequestAborted: after a route timeout that token is already cancelled, yet the 504 must be written.
        return response.Body.WriteAsync(body).AsTask();
    }
}

/// <summary>The JSON body of a gateway error.</summary>
public sealed record GatewayError(
    [property: System.Text.Json.Serialization.JsonPropertyName("code")] string Code,
    [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
    [property: System.Text.Json.Serialization.JsonPropertyName("detail")]
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    object? Detail);
