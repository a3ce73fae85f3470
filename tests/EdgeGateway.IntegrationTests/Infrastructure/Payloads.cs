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

    /// <summary>
    /// A JSAPI prepay with odd spacing, key order and non-ASCII text, as bytes: any re-serialisation on the way would
    /// change them, so a test comparing what reached the wire with these sees whether the gateway sent them untouched.
    /// </summary>
    public static byte[] UnusualJsapiPrepay(string mchId, string outTradeNo) => Encoding.UTF8.GetBytes(
        $"{{ \"mchid\":\"{mchId}\",  \"appid\" : \"wxd678efh567hg6787\",\"description\":\"Image形象店-深圳腾大-QQ公仔\",\n" +
        $" \"out_trade_no\":\"{outTradeNo}\",\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{{\"total\":100,\"currency\":\"CNY\"}},\"payer\":{{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}} }}");

    /// <summary><paramref name="body"/> as <c>application/json; charset=utf-8</c> content, byte for byte.</summary>
    public static ByteArrayContent JsonBytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>
    /// Checks that <paramref name="wire"/> (bytes received on a socket) is one HTTP/1.1 POST of <paramref name="path"/> whose
    /// head declares <paramref name="body"/>'s length and JSON type, followed by exactly <paramref name="body"/>.
    /// </summary>
    public static void AssertWirePost(byte[] wire, string path, byte[] body)
    {
        var headerEnd = wire.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(headerEnd > 0, "the bytes hold no complete request head");
        var head = Encoding.ASCII.GetString(wire, 0, headerEnd);
        Assert.StartsWith($"POST {path} HTTP/1.1", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {body.Length}", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Type: application/json; charset=utf-8", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(body, wire.AsSpan(headerEnd + 4).ToArray());
    }
}
