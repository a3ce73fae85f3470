using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// <c>GET /v3/certificates</c> (PROTOCOL.md §3.1): every listed platform certificate, its PEM encrypted
/// with AEAD_AES_256_GCM under the requesting merchant's APIv3 key. Public-key-only: 404 as WeChat Pay.
/// </summary>
internal sealed class CertificatesApi(PlatformKeyRing keyRing)
{
    public ApiResult List(ApiRequest request)
    {
        var certificates = keyRing.Certificates;
        if (certificates.IsEmpty)
        {
            return ApiResult.Error(404, "RESOURCE_NOT_EXISTS", "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥");
        }

        var data = new JsonArray();
        foreach (var certificate in certificates)
        {
            var nonce = RandomNonceSource.Instance.Next()[..AeadAesGcm.NonceLength];
            data.Add(new JsonObject
            {
                ["serial_no"] = certificate.Serial,
                ["effective_time"] = Rfc3339(certificate.Certificate.NotBefore),
                ["expire_time"] = Rfc3339(certificate.Certificate.NotAfter),
                ["encrypt_certificate"] = new JsonObject
                {
                    ["algorithm"] = AeadAesGcm.AlgorithmName,
                    ["nonce"] = nonce,
                    ["associated_data"] = "certificate",
                    ["ciphertext"] = AeadAesGcm.Encrypt(request.Merchant.ApiV3Key, nonce, "certificate", certificate.CertificatePem),
                },
            });
        }

        return ApiResult.Json(200, new JsonObject { ["data"] = data });
    }

    private static string Rfc3339(DateTime time) =>
        new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
}
