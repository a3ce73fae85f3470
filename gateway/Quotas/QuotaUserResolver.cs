using System.Globalization;
using System.Text.Json;

namespace EdgeGateway.Quotas;

/// <summary>
/// Finds the end user a quota is counted for: a request header, or a field of the JSON body (a dotted path such as
/// <c>payer.openid</c>) read from the bytes the gateway already buffered. No value: null, and the request counts
/// against the caller's shared "no user" bucket of that quota.
/// </summary>
internal static class QuotaUserResolver
{
    public static string? Resolve(QuotaUserDimension? dimension, IHeaderDictionary headers, ReadOnlyMemory<byte> body)
    {
        if (dimension is null)
        {
            return null;
        }

        if (dimension.Header is { Length: > 0 } header)
        {
            var value = headers[header];
            return value.Count > 0 && !string.IsNullOrEmpty(value[0]) ? value[0] : null;
        }

        return dimension.JsonField is { Length: > 0 } path && body.Length > 0 ? FromJson(body, path) : null;
    }

    private static string? FromJson(ReadOnlyMemory<byte> body, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var element = document.RootElement;
            foreach (var segment in path.Split('.'))
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                {
                    return null;
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString() is { Length: > 0 } text ? text : null,
                JsonValueKind.Number => element.GetRawText(),
                JsonValueKind.True or JsonValueKind.False => element.GetBoolean().ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
        }
        catch (JsonException)
        {
            // Request preparation already refused bodies that are not JSON (multipart uploads are not JSON on purpose).
            return null;
        }
    }
}
