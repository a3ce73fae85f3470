using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class SignatureMessageTests
{
    private const string Nonce = FixedNonceSource.OfficialExampleNonce;

    [Theory]
    [InlineData("GET", ProtocolVectors.GetCertificatesUrl, "", ProtocolVectors.GetCertificatesMessage)]
    [InlineData("POST", ProtocolVectors.CloseUrl, ProtocolVectors.CloseBody, ProtocolVectors.CloseMessage)]
    public void ForRequest_Section94Vectors_MatchByteForByte(string method, string url, string body, string expected)
    {
        var message = SignatureMessage.ForRequest(method, url, ProtocolVectors.Timestamp, Nonce, Encoding.UTF8.GetBytes(body));

        Assert.Equal(Encoding.UTF8.GetBytes(expected), message);
    }

    [Fact]
    public void ForRequest_GetWithEmptyBody_EndsWithEmptyLineAndNewline()
    {
        var message = SignatureMessage.ForRequest("GET", "/v3/certificates", 1, "n", []);

        Assert.Equal("GET\n/v3/certificates\n1\nn\n\n", Encoding.UTF8.GetString(message));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("Get")]
    [InlineData("GET")]
    public void ForRequest_AnyMethodCase_WritesUpperCaseMethod(string method)
    {
        var message = SignatureMessage.ForRequest(method, ProtocolVectors.GetCertificatesUrl, ProtocolVectors.Timestamp, Nonce, []);

        Assert.Equal(Encoding.UTF8.GetBytes(ProtocolVectors.GetCertificatesMessage), message);
    }

    [Fact]
    public void ForRequest_BodyEndingInNewline_AppendsAnotherNewline()
    {
        // "如果参数本身以\n结束，也需要附加一个\n" (PROTOCOL.md §1.1).
        var message = SignatureMessage.ForRequest("POST", "/v3/x", 7, "n", "{}\n"u8);

        Assert.Equal("POST\n/v3/x\n7\nn\n{}\n\n", Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void ForRequest_QueryString_IsKeptExactlyAsGiven()
    {
        const string url = "/v3/pay/transactions/out-trade-no/A%2B1?mchid=1900000001&b=2&a=1";

        var message = SignatureMessage.ForRequest("GET", url, 7, "n", []);

        Assert.Equal($"GET\n{url}\n7\nn\n\n", Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void ForRequest_NonAsciiBody_IsCopiedAsRawBytes()
    {
        var body = Encoding.UTF8.GetBytes("{\"description\":\"腾讯充值中心-QQ会员充值\"}");

        var message = SignatureMessage.ForRequest("POST", "/v3/pay/transactions/native", 7, "n", body);

        Assert.Equal([.. "POST\n/v3/pay/transactions/native\n7\nn\n"u8.ToArray(), .. body, (byte)'\n'], message);
    }

    [Fact]
    public void ForResponse_Body_IsThreeLinesEachEndingInNewline()
    {
        var message = SignatureMessage.ForResponse("1554208460", "c5ac7061fccab6bf3e254dcf98995b8c", "{\"a\":1}"u8);

        Assert.Equal("1554208460\nc5ac7061fccab6bf3e254dcf98995b8c\n{\"a\":1}\n", Encoding.UTF8.GetString(message));
    }

    [Fact]
    public void ForResponse_EmptyBody_EndsWithEmptyLineAndNewline()
    {
        // A 204 No Content verifies "ts\nnonce\n\n" (PROTOCOL.md §2.2).
        var message = SignatureMessage.ForResponse("1554208460", "nonce", []);

        Assert.Equal("1554208460\nnonce\n\n"u8.ToArray(), message);
    }

    [Fact]
    public void ForResponse_Timestamp_IsUsedAsReceivedText()
    {
        var message = SignatureMessage.ForResponse("01554208460", "n", []);

        Assert.Equal("01554208460\nn\n\n"u8.ToArray(), message);
    }
}
