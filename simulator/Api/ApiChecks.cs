using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeGateway.Simulator.Api;

/// <summary>The PARAM_ERROR answers WeChat Pay gives to bad input, shared by the newer API families.</summary>
internal static partial class ApiChecks
{
    [GeneratedRegex("^[0-9A-Za-z_\\-|*]{6,32}$")]
    public static partial Regex OutTradeNo();

    [GeneratedRegex("^[0-9A-Za-z_\\-|*@]{1,32}$")]
    public static partial Regex CombineOutTradeNo();

    [GeneratedRegex("^[0-9A-Za-z_\\-|*@]{1,64}$")]
    public static partial Regex OutOrderNo();

    [GeneratedRegex("^[0-9A-Za-z]{5,32}$")]
    public static partial Regex OutBillNo();

    public static ApiResult NotJson() => ApiResult.Error(400, "PARAM_ERROR", "请求体不是合法的JSON对象");

    /// <summary>The first of <paramref name="fields"/> (JSON Pointers without the leading '/') that is not a non-empty string, as PARAM_ERROR.</summary>
    public static ApiResult? Required(JsonObject body, params string[] fields)
    {
        foreach (var field in fields)
        {
            JsonNode? node = body;
            foreach (var part in field.Split('/'))
            {
                node = node?[part];
            }

            if (string.IsNullOrEmpty(SimulatorJson.Text(node)))
            {
                return ApiResult.Error(400, "PARAM_ERROR", $"输入源“/body/{field}”映射到字段“{field}”必填性规则校验失败，此字段为必填项", Field("/" + field));
            }
        }

        return null;
    }

    public static ApiResult? Format(string field, string? value, Regex pattern, string rule) =>
        value is not null && pattern.IsMatch(value) ? null : ApiResult.Error(400, "PARAM_ERROR", $"{field} {rule}", Field("/" + field));

    /// <summary>A positive whole amount (分) at <paramref name="node"/>, or PARAM_ERROR naming <paramref name="pointer"/>.</summary>
    public static ApiResult? Amount(JsonNode? node, string pointer, out long amount)
    {
        amount = 0;
        return node is JsonValue value && value.TryGetValue<long>(out amount) && amount > 0
            ? null
            : ApiResult.Error(400, "PARAM_ERROR", $"{pointer} 必须为正整数（单位：分）", Field(pointer));
    }

    /// <summary>The signing merchant must be the one the body names (mchid, sp_mchid or combine_mchid).</summary>
    public static ApiResult? Signer(ApiRequest request, string field, string? value) =>
        value == request.Merchant.MchId ? null : ApiResult.Error(400, "PARAM_ERROR", $"{field}与请求头中的商户号不一致", Field("/" + field));

    public static JsonObject Field(string pointer) => new() { ["field"] = pointer, ["location"] = "body" };

    /// <summary>Whose object it is: the signer, and for a partner (服务商) the sub-merchant too.</summary>
    public static string Owner(ApiRequest request, string? subMchId) => subMchId is null ? request.Merchant.MchId : $"{request.Merchant.MchId}/{subMchId}";
}
