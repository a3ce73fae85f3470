using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.LoadTests.Scenarios;

/// <summary>
/// WeChat Pay's side of a callback storm: TRANSACTION.SUCCESS envelopes, the resource encrypted with the
/// merchant's APIv3 key (AEAD_AES_256_GCM) and the body signed with the platform key, as WeChat Pay sends
/// them. <see cref="Prepare"/> builds them before a phase starts, so the runner's own RSA work does not land
/// in the latency it measures; a phase that outruns the prepared ones signs the rest as it goes.
/// </summary>
public sealed class SignedCallbacks(SandboxKeyMaterial keys)
{
    private readonly ApiV3Key _apiV3Key = keys.ApiV3Key;
    private readonly RSA _platformKey = PemKeys.LoadPrivateKeyFile(keys.PlatformPrivateKeyPath);
    private readonly string _platformSerial = PemKeys.LoadCertificateFile(keys.PlatformCertificatePath).SerialNumber.ToUpperInvariant();
    private readonly ConcurrentQueue<SignedCallback> _prepared = new();
    private readonly string _run = Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
    private long _next = -1;

    public void Prepare(long count)
    {
        var items = new SignedCallback[count];
        Parallel.For(0, count, i => items[i] = Build(Interlocked.Increment(ref _next)));
        foreach (var item in items)
        {
            _prepared.Enqueue(item);
        }
    }

    public SignedCallback Next() => _prepared.TryDequeue(out var item) ? item : Build(Interlocked.Increment(ref _next));

    private SignedCallback Build(long number)
    {
        var outTradeNo = string.Create(CultureInfo.InvariantCulture, $"CB{_run}{number:D9}");
        var resource = new JsonObject
        {
            ["mchid"] = keys.MchId,
            ["appid"] = "wxd678efh567hg6787",
            ["out_trade_no"] = outTradeNo,
            ["transaction_id"] = string.Create(CultureInfo.InvariantCulture, $"42000{number:D23}"),
            ["trade_state"] = "SUCCESS",
            ["amount"] = new JsonObject { ["total"] = 100, ["currency"] = "CNY" },
            ["payer"] = new JsonObject { ["openid"] = "oLoad" + outTradeNo },
        };
        const string associatedData = "transaction";
        var nonce = RandomNonceSource.Instance.Next()[..AeadAesGcm.NonceLength];
        var envelope = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["create_time"] = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["resource_type"] = "encrypt-resource",
            ["event_type"] = "TRANSACTION.SUCCESS",
            ["summary"] = "支付成功",
            ["resource"] = new JsonObject
            {
                ["original_type"] = associatedData,
                ["algorithm"] = AeadAesGcm.AlgorithmName,
                ["ciphertext"] = AeadAesGcm.Encrypt(_apiV3Key, nonce, associatedData, resource.ToJsonString()),
                ["associated_data"] = associatedData,
                ["nonce"] = nonce,
            },
        };
        var body = Encoding.UTF8.GetBytes(envelope.ToJsonString());
        return new SignedCallback((string)envelope["id"]!, body, ResponseSigner.Default.Sign(_platformKey, _platformSerial, body));
    }
}

/// <summary>One callback as WeChat Pay would POST it.</summary>
public sealed record SignedCallback(string Id, byte[] Body, SignedMessageHeaders Headers)
{
    public HttpRequestMessage ToRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Timestamp, Headers.Timestamp);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Nonce, Headers.Nonce);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Signature, Headers.Signature);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.Serial, Headers.Serial);
        request.Headers.TryAddWithoutValidation(WeChatPayHeaders.SignatureType, Headers.SignatureType ?? Rsa2048Signature.SchemeName);
        return request;
    }
}
