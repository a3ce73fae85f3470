using System.Net.Http.Headers;
using System.Text;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.LoadTests.Scenarios;

/// <summary>
/// Builds requests the way an internal service would send them: unsigned to the gateway, or signed by the
/// caller itself (as a WeChat Pay SDK would) when going straight to the simulator or through bare YARP.
/// </summary>
public sealed class SignedRequests(SandboxKeyMaterial keys)
{
    private readonly MerchantCredentials _merchant = new(keys.MchId, keys.MerchantCertificateSerial, PemKeys.LoadPrivateKeyFile(keys.MerchantPrivateKeyPath));

    public string MchId => keys.MchId;

    public SandboxKeyMaterial Keys => keys;

    /// <summary>A JSAPI prepay body; each order has its own payer unless one is given (per-payer quotas apply).</summary>
    public static string JsapiBody(string mchId, string outTradeNo, string? openId = null, long total = 100) =>
        $$$"""{"appid":"wxd678efh567hg6787","mchid":"{{{mchId}}}","description":"load test order","out_trade_no":"{{{outTradeNo}}}","notify_url":"http://127.0.0.1:9/notify","amount":{"total":{{{total}}},"currency":"CNY"},"payer":{"openid":"{{{openId ?? "oLoad" + outTradeNo}}}"}}""";

    /// <summary>A request; signed when <paramref name="sign"/> (the caller plays the SDK), else plain.</summary>
    public HttpRequestMessage Create(HttpMethod method, string pathAndQuery, string? body, bool sign)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (sign)
        {
            request.Headers.UserAgent.ParseAdd("EdgeGateway-LoadTests/1.0");
            var authorization = RequestSigner.Default.Sign(_merchant, method.Method, pathAndQuery, bytes);
            request.Headers.TryAddWithoutValidation("Authorization", authorization.Format());
        }

        return request;
    }
}
