using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>Request bodies as an internal service would send them (plain, unsigned v3 JSON).</summary>
public static class Payloads
{
    private static int _sequence;

    public static string NewOutTradeNo(string prefix = "T") =>
        prefix + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + Interlocked.Increment(ref _sequence).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject JsapiPrepay(string mchId, string outTradeNo, long total = 100, string openId = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o") => new()
    {
        ["appid"] = "wxd678efh567hg6787",
        ["mchid"] = mchId,
        ["description"] = "Image形象店-深圳腾大-QQ公仔",
        ["out_trade_no"] = outTradeNo,
        ["notify_url"] = "https://www.weixin.qq.com/wxpay/pay.php",
        ["amount"] = new JsonObject { ["total"] = total, ["currency"] = "CNY" },
        ["payer"] = new JsonObject { ["openid"] = openId },
    };

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
