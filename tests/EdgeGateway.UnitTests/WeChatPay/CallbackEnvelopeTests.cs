using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class CallbackEnvelopeTests
{
    private static readonly ApiV3Key Key = ApiV3Key.Create("0123456789abcdefghijklmnopqrstuv");
    private const string Transaction = """{"mchid":"1900000001","out_trade_no":"1217752501201407033233368018","trade_state":"SUCCESS","amount":{"total":100}}""";

    [Fact]
    public void TryParse_OfficialShape_ReadsEveryField()
    {
        Assert.True(CallbackEnvelope.TryParse(Envelope(), out var envelope, out var error), error);

        Assert.Equal("EV-2018022511223320873", envelope!.Id);
        Assert.Equal("TRANSACTION.SUCCESS", envelope.EventType);
        Assert.Equal("2015-05-20T13:29:35+08:00", envelope.CreateTime);
        Assert.Equal("encrypt-resource", envelope.ResourceType);
        Assert.Equal("支付成功", envelope.Summary);
        Assert.Equal("transaction", envelope.Resource.OriginalType);
        Assert.Equal("AEAD_AES_256_GCM", envelope.Resource.Algorithm);
    }

    [Fact]
    public void TryDecrypt_RightKey_ReturnsTheTransactionJsonVerbatim()
    {
        Assert.True(CallbackEnvelope.TryParse(Envelope(), out var envelope, out _));

        Assert.True(envelope!.TryDecrypt(Key, out var plaintext, out var error), error);

        Assert.Equal(Transaction, plaintext);
    }

    [Theory]
    [InlineData("the authentication tag does not match", "vutsrqponmlkjihgfedcba9876543210", null, null)]
    [InlineData("resource.algorithm is not AEAD_AES_256_GCM", null, "AES_256_CBC", null)]
    public void TryDecrypt_Failures_AreValues(string expected, string? otherKey, string? algorithm, string? plaintext)
    {
        var body = Envelope(algorithm: algorithm ?? "AEAD_AES_256_GCM", plaintext: plaintext ?? Transaction);
        Assert.True(CallbackEnvelope.TryParse(body, out var envelope, out _));

        Assert.False(envelope!.TryDecrypt(otherKey is null ? Key : ApiV3Key.Create(otherKey), out var text, out var error));

        Assert.Null(text);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"a bare string\"")]
    [InlineData("""{"transaction_id":"\ud83d"}""")]
    [InlineData("{\"n\":1e400}")]
    [InlineData("")]
    public void TryDecrypt_PlaintextOfAnyShape_IsReturnedAsSealed(string sealedText)
    {
        var body = Envelope(algorithm: "AEAD_AES_256_GCM", plaintext: sealedText);
        Assert.True(CallbackEnvelope.TryParse(body, out var envelope, out _));

        Assert.True(envelope!.TryDecrypt(Key, out var text, out var error), error);

        Assert.Equal(sealedText, text);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", "the body is not JSON")]
    [InlineData("{", "the body is not JSON")]
    [InlineData("\"EV-1\"", "the body is not a JSON object")]
    [InlineData("""{"event_type":"TRANSACTION.SUCCESS","resource":{}}""", "id is missing or not a notification id")]
    [InlineData("""{"id":42,"event_type":"TRANSACTION.SUCCESS","resource":{}}""", "id is missing or not a notification id")]
    [InlineData("""{"id":"EV 1","event_type":"TRANSACTION.SUCCESS","resource":{}}""", "id is missing or not a notification id")]
    [InlineData("""{"id":"EV-1","resource":{}}""", "event_type is missing")]
    [InlineData("""{"id":"EV-1","event_type":"TRANSACTION.SUCCESS"}""", "resource is missing")]
    [InlineData("""{"id":"EV-1","event_type":"TRANSACTION.SUCCESS","resource":"x"}""", "resource is missing")]
    [InlineData("""{"id":"EV-1","event_type":"TRANSACTION.SUCCESS","resource":{"algorithm":"AEAD_AES_256_GCM","ciphertext":"AA=="}}""",
        "resource needs algorithm, ciphertext and nonce")]
    public void TryParse_Malformed_FailsWithReason(string body, string expected)
    {
        Assert.False(CallbackEnvelope.TryParse(Encoding.UTF8.GetBytes(body), out var envelope, out var error));

        Assert.Null(envelope);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_IdLongerThanTheLimit_Fails()
    {
        var id = new string('a', CallbackEnvelope.MaxIdLength + 1);
        var body = Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\",\"event_type\":\"X\",\"resource\":{\"algorithm\":\"a\",\"ciphertext\":\"b\",\"nonce\":\"c\"}}");

        Assert.False(CallbackEnvelope.TryParse(body, out _, out var error));
        Assert.Equal("id is missing or not a notification id", error);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(20260101);
        for (var i = 0; i < 2000; i++)
        {
            var body = new byte[random.Next(0, 256)];
            random.NextBytes(body);
            CallbackEnvelope.TryParse(body, out _, out _);
            PlatformCertificateList.TryParse(body, Key, DateTimeOffset.UtcNow, out _, out _);
        }
    }

    private static byte[] Envelope(string algorithm = "AEAD_AES_256_GCM", string plaintext = Transaction)
    {
        const string nonce = "fdasflkja484";
        var envelope = new JsonObject
        {
            ["id"] = "EV-2018022511223320873",
            ["create_time"] = "2015-05-20T13:29:35+08:00",
            ["resource_type"] = "encrypt-resource",
            ["event_type"] = "TRANSACTION.SUCCESS",
            ["summary"] = "支付成功",
            ["resource"] = new JsonObject
            {
                ["original_type"] = "transaction",
                ["algorithm"] = algorithm,
                ["ciphertext"] = AeadAesGcm.Encrypt(Key, nonce, "transaction", plaintext),
                ["associated_data"] = "transaction",
                ["nonce"] = nonce,
            },
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }
}
