using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// <c>POST /v3/merchant/media/upload</c>: the signature (already checked) covers the <c>meta</c> part; here
/// the file's SHA-256 must match <c>meta.sha256</c> (PROTOCOL.md §1.5).
/// </summary>
internal static class MediaApi
{
    public static ApiResult Upload(ApiRequest request, string? contentType)
    {
        if (!Transforms.WeChatPay.MediaUploadMeta.TryExtract(contentType, request.RawBody, out var metaBytes, out var error))
        {
            return ApiResult.Error(400, "PARAM_ERROR", error!);
        }

        JsonNode? meta;
        try
        {
            meta = JsonNode.Parse(metaBytes);
        }
        catch (System.Text.Json.JsonException)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "meta 不是合法的JSON");
        }

        var file = FilePart(contentType!, request.RawBody);
        if (file is null)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "缺少 file 部分");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        if (!string.Equals(SimulatorJson.Text(meta?["sha256"]), sha256, StringComparison.OrdinalIgnoreCase))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "文件sha256与meta不一致");
        }

        return ApiResult.Json(200, new JsonObject { ["media_id"] = "H1" + sha256[..30] });
    }

    private static byte[]? FilePart(string contentType, byte[] body)
    {
        var boundary = contentType.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))?["boundary=".Length..].Trim('"');
        if (boundary is null)
        {
            return null;
        }

        var delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        var span = body.AsSpan();
        var marker = span.IndexOf("name=\"file\""u8);
        if (marker < 0)
        {
            return null;
        }

        var start = span[marker..].IndexOf("\r\n\r\n"u8);
        if (start < 0)
        {
            return null;
        }

        var content = span[(marker + start + 4)..];
        var end = content.IndexOf(delimiter);
        return end < 0 ? null : content[..end].ToArray();
    }
}
