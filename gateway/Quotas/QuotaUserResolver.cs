using System.Globalization;
using System.Text.Json;
using EdgeGateway.Configuration;

namespace EdgeGateway.Quotas;

/// <summary>
/// Finds the end user a quota is counted for: a request header, or a field of the JSON body (a dotted path such as
/// <c>payer.openid</c>) read from the body request preparation already parsed. No value: null, and the request counts
/// against the caller's shared "no user" bucket of that quota.
/// </summary>
internal static class QuotaUserResolver
{
    public static string? Resolve(QuotaUserDimension? dimension, IHeaderDictionary headers, JsonElement? body)
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

        return dimension.JsonField is { Length: > 0 } path && body is { } json ? FromJson(json, path) : null;
    }

    private static string? FromJson(JsonElement element, string path)
    {
        foreach (var segment in path.AsSpan().Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(path.AsSpan()[segment], out element))
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
}
