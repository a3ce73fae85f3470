using System.Security.Cryptography;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class MerchantCredentialsTests
{
    [Fact]
    public void ToString_Always_NamesMerchantAndSerialButNoKeyMaterial()
    {
        using var key = RSA.Create(2048);
        var merchant = new MerchantCredentials(ProtocolVectors.MchId, ProtocolVectors.MerchantSerial, key);

        var text = merchant.ToString();

        Assert.Equal($"merchant 1900000001 (certificate {ProtocolVectors.MerchantSerial})", text);
        Assert.DoesNotContain("PRIVATE", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", ProtocolVectors.MerchantSerial)]
    [InlineData(ProtocolVectors.MchId, "")]
    public void Constructor_EmptyMchIdOrSerial_Throws(string mchId, string serial)
    {
        using var key = RSA.Create(2048);

        Assert.Throws<ArgumentException>(() => new MerchantCredentials(mchId, serial, key));
    }
}
