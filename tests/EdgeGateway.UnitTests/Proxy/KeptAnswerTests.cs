using System.Text;
using EdgeGateway.Requests;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Proxy;

public sealed class KeptAnswerTests
{
    [Fact]
    public void Serialize_RoundTrips_ByteForByte()
    {
        var body = Encoding.UTF8.GetBytes("""{"trade_state":"NOTPAY","desc":"未支付"}""");
        var answer = new KeptAnswer(200, [new("Content-Type", "application/json"), new("Wechatpay-Nonce", "abc")], body);

        var copy = KeptAnswer.Deserialize(answer.Serialize());

        Assert.NotNull(copy);
        Assert.Equal(200, copy.Status);
        Assert.Equal(answer.Headers, copy.Headers);
        Assert.Equal(body, copy.Body);
    }

    [Fact]
    public void Deserialize_Garbage_IsNull()
    {
        var bytes = new KeptAnswer(200, [], [1, 2, 3]).Serialize();

        Assert.Null(KeptAnswer.Deserialize([]));
        Assert.Null(KeptAnswer.Deserialize("not-an-answer"u8));
        Assert.Null(KeptAnswer.Deserialize(bytes[..^1])); // truncated
        Assert.Null(KeptAnswer.Deserialize([.. bytes, 0])); // trailing bytes
        bytes[0] = 9;
        Assert.Null(KeptAnswer.Deserialize(bytes)); // another format version
    }

    [Fact]
    public void ShareableHeaders_KeepTheAnswersOwn_NotThePerRequestOnes()
    {
        var headers = new HeaderDictionary
        {
            ["Content-Type"] = "application/json",
            ["Request-ID"] = "08B1",
            ["Wechatpay-Signature"] = "sig",
            ["Wechatpay-Timestamp"] = "1700000000",
            ["X-EdgeGateway-Error"] = "true",
            ["RateLimit"] = "\"q\";r=1;t=1",
            ["RateLimit-Policy"] = "\"q\";q=2;w=1",
            ["Date"] = "Mon, 01 Jan 2024 00:00:00 GMT",
            ["traceparent"] = "00-1-2-01",
            ["Set-Cookie"] = "a=b",
            ["X-EdgeGateway-Cache"] = "miss",
        };

        var shared = KeptAnswer.ShareableHeaders(headers).Select(h => h.Key).Order(StringComparer.Ordinal);

        Assert.Equal(["Content-Type", "Request-ID", "Wechatpay-Signature", "Wechatpay-Timestamp", "X-EdgeGateway-Error"], shared);
    }
}
