using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeGateway.Health;

/// <summary>
/// Writes a health report as JSON an operator can read: overall status and, per check, its status,
/// description, duration and data. Exceptions are reported by type only (their messages may quote
/// configuration); the log has the rest.
/// </summary>
internal static class HealthResponseWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 2));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 2));
                if (entry.Exception is not null)
                {
                    json.WriteString("exception", entry.Exception.GetType().Name);
                }

                if (entry.Data.Count > 0)
                {
                    json.WritePropertyName("data");
                    JsonSerializer.Serialize(json, entry.Data);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }
}
