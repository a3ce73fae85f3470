using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Callbacks;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.LoadTests.Scenarios;

/// <summary>
/// WeChat Pay's side of a callback storm: TRANSACTION.SUCCESS envelopes built and signed by the simulator's own
/// <see cref="CallbackSender"/> and <see cref="AnswerSigner"/> (resource encrypted with the merchant's APIv3 key,
/// body signed with the platform key). <see cref="Prepare"/> builds them before a phase starts, so the runner's own
/// RSA work does not land in the latency it measures; a phase that outruns the prepared ones signs the rest as it goes.
/// </summary>
public sealed class SignedCallbacks
{
    private readonly SimulatedMerchant _merchant;
    private readonly AnswerSigner _signer;
    private readonly CallbackSender _sender;
    private readonly ConcurrentQueue<SignedCallback> _prepared = new();
    private readonly string _run = Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
    private long _next = -1;

    public SignedCallbacks(SandboxKeyMaterial keys)
    {
        var options = keys.ToSimulatorOptions();
        _merchant = options.Merchants[0];
        _signer = new AnswerSigner(new PlatformKeyRing(options.PlatformCertificates, options.PublicKey), options);
        _sender = new CallbackSender(_signer, options.TimeProvider, Http); // builds envelopes only; never sends
    }

    private static HttpClient Http { get; } = new();

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
            ["mchid"] = _merchant.MchId,
            ["appid"] = "wxd678efh567hg6787",
            ["out_trade_no"] = outTradeNo,
            ["transaction_id"] = string.Create(CultureInfo.InvariantCulture, $"42000{number:D23}"),
            ["trade_state"] = "SUCCESS",
            ["amount"] = new JsonObject { ["total"] = 100, ["currency"] = "CNY" },
            ["payer"] = new JsonObject { ["openid"] = "oLoad" + outTradeNo },
        };
        var body = _sender.BuildEnvelope(_merchant, "TRANSACTION.SUCCESS", "transaction", "支付成功", resource);
        var id = (string)JsonNode.Parse(body)!["id"]!;
        return new SignedCallback(id, body, _signer.Sign(body, requestedSerial: null, SignatureFault.None)!.Value);
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
