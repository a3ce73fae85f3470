using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// Prepay requests signed before a phase starts, for the baselines where the caller itself signs (direct
/// to the simulator, or through bare YARP): signing inside the measured step would charge the caller's
/// RSA work to the baseline's latency and flatter the gateway.
/// </summary>
internal sealed class PreSignedRequests
{
    private readonly ConcurrentQueue<(string Body, string Authorization)> _pool = new();

    public static PreSignedRequests Create(SandboxKeyMaterial keys, string prefix, long count)
    {
        var merchant = new MerchantCredentials(keys.MchId, keys.MerchantCertificateSerial, PemKeys.LoadPrivateKeyFile(keys.MerchantPrivateKeyPath));
        var items = new (string, string)[count];
        Parallel.For(0, count, i =>
        {
            var body = Scenarios.SignedRequests.JsapiBody(keys.MchId, $"{prefix}{i}");
            items[i] = (body, RequestSigner.Default.Sign(merchant, "POST", "/v3/pay/transactions/jsapi", Encoding.UTF8.GetBytes(body)).Format());
        });
        var pool = new PreSignedRequests();
        foreach (var item in items)
        {
            pool._pool.Enqueue(item);
        }

        return pool;
    }

    public HttpRequestMessage Next()
    {
        if (!_pool.TryDequeue(out var item))
        {
            throw new InvalidOperationException("The pre-signed pool ran dry; size it to the phase's planned requests.");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/v3/pay/transactions/jsapi") { Content = new StringContent(item.Body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd("EdgeGateway-LoadTests/1.0");
        request.Headers.TryAddWithoutValidation("Authorization", item.Authorization);
        return request;
    }
}
