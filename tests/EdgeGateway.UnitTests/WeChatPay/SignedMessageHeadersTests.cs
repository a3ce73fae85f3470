using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class SignedMessageHeadersTests
{
    [Fact]
    public void From_HeaderLookup_ReadsEachWeChatPayHeaderByName()
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Wechatpay-Timestamp"] = "1554208460",
            ["Wechatpay-Nonce"] = "nonce",
            ["Wechatpay-Signature"] = "c2ln",
            ["Wechatpay-Serial"] = "PUB_KEY_ID_0000000000000024101100397200000006",
            ["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048",
        };

        var headers = SignedMessageHeaders.From(name => values.GetValueOrDefault(name));

        Assert.Equal(
            new SignedMessageHeaders("1554208460", "nonce", "c2ln", "PUB_KEY_ID_0000000000000024101100397200000006", "WECHATPAY2-SHA256-RSA2048"),
            headers);
        Assert.True(headers.AnyPresent);
    }

    [Fact]
    public void AnyPresent_NoSignatureHeaders_IsFalse()
    {
        Assert.False(SignedMessageHeaders.From(_ => null).AnyPresent);
        Assert.False(new SignedMessageHeaders(null, null, null, null, "WECHATPAY2-SHA256-RSA2048").AnyPresent);
    }

    [Theory]
    [InlineData("1", null, null, null)]
    [InlineData(null, "n", null, null)]
    [InlineData(null, null, "s", null)]
    [InlineData(null, null, null, "S")]
    public void AnyPresent_OneSignatureHeader_IsTrue(string? timestamp, string? nonce, string? signature, string? serial)
    {
        Assert.True(new SignedMessageHeaders(timestamp, nonce, signature, serial).AnyPresent);
    }
}
