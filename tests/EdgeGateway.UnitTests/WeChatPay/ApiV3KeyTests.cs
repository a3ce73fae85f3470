using System.Text;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class ApiV3KeyTests
{
    [Fact]
    public void TryCreate_ThirtyTwoAsciiCharacters_UsesTheirBytesAsKey()
    {
        Assert.True(ApiV3Key.TryCreate(ProtocolVectors.JavaAesKey, out var key, out var error));

        Assert.Null(error);
        Assert.Equal(Encoding.ASCII.GetBytes(ProtocolVectors.JavaAesKey), key!.Bytes.ToArray());
    }

    [Fact]
    public void TryCreate_GoSixteenByteVectorKey_IsRejectedAsNot256Bit()
    {
        // PROTOCOL.md §9.3(d): GO's aes_test.go uses AES-128-GCM; a WeChat Pay APIv3 key is always 32 bytes.
        Assert.False(ApiV3Key.TryCreate(ProtocolVectors.GoAes128Key, out var key, out var error));

        Assert.Null(key);
        Assert.Equal("the APIv3 key must be exactly 32 ASCII characters (it has 16)", error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void TryCreate_WrongLength_FailsNamingTheLength(int length)
    {
        Assert.False(ApiV3Key.TryCreate(new string('k', length), out var key, out var error));

        Assert.Null(key);
        Assert.Equal($"the APIv3 key must be exactly 32 ASCII characters (it has {length})", error);
    }

    [Theory]
    [InlineData("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gé", 32)]
    [InlineData("微信支付微信支付微信支付微信支付", 16)]
    [InlineData("a7cde1ZJB1kG2e7V\u00a0Ts3jQzaWizur8Gb", 32)]
    public void TryCreate_NonAscii_Fails(string text, int reportedLength)
    {
        Assert.False(ApiV3Key.TryCreate(text, out var key, out var error));

        Assert.Null(key);
        Assert.Equal($"the APIv3 key must be exactly 32 ASCII characters (it has {reportedLength})", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n")]
    public void TryCreate_EmptyOrWhitespace_FailsAsEmpty(string? text)
    {
        Assert.False(ApiV3Key.TryCreate(text, out var key, out var error));

        Assert.Null(key);
        Assert.Equal("the APIv3 key is empty", error);
    }

    [Theory]
    [InlineData("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb\n")]
    [InlineData("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb\r\n")]
    [InlineData("  a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb \t")]
    public void TryCreate_SurroundingWhitespace_IsTrimmed(string text)
    {
        Assert.True(ApiV3Key.TryCreate(text, out var key, out _));

        Assert.Equal(Encoding.ASCII.GetBytes(ProtocolVectors.JavaAesKey), key!.Bytes.ToArray());
    }

    [Fact]
    public void ToString_Always_RevealsNoPartOfTheKey()
    {
        var key = ApiV3Key.Create(ProtocolVectors.JavaAesKey);

        var text = key.ToString();

        Assert.Equal("ApiV3Key(***)", text);
        Assert.DoesNotContain("a7cd", text, StringComparison.Ordinal);
        Assert.Equal("ApiV3Key(***)", $"{key}");
    }

    [Fact]
    public void Create_InvalidKey_ThrowsWithoutTheKeyText()
    {
        const string almost = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8G";

        var exception = Assert.Throws<ArgumentException>(() => ApiV3Key.Create(almost));

        Assert.StartsWith("the APIv3 key must be exactly 32 ASCII characters (it has 31)", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(almost, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a7cd", exception.Message, StringComparison.Ordinal);
    }
}
