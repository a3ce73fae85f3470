using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// <c>POST /v3/merchant/media/upload</c>: the signature (already checked) covers the <c>meta</c> part; here
/// the file's SHA-256 must match <c>meta.sha256</c> (PROTOCOL.md §1.5).
/// </summary>
internal static class MediaApi
{
    public static ApiResult Upload(ApiRequest request)
    {
        if (request.Upload is not { } upload)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "上传接口须为 multipart/form-data，含 meta 与 file 两部分");
        }

        if (Transforms.WeChatPay.StrictJson.FindAmbiguity(upload.Meta) is { } ambiguity)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "meta 不是合法的JSON: " + ambiguity.Message);
        }

        JsonNode? meta;
        try
        {
            meta = JsonNode.Parse(upload.Meta);
        }
        catch (System.Text.Json.JsonException)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "meta 不是合法的JSON");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.File));
        if (!string.Equals(SimulatorJson.Text(meta?["sha256"]), sha256, StringComparison.OrdinalIgnoreCase))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "文件sha256与meta不一致");
        }

        return ApiResult.Json(200, new JsonObject { ["media_id"] = "H1" + sha256[..30] });
    }
}
