using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class AuthorizationHeaderTests
{
    private const string Scheme = "WECHATPAY2-SHA256-RSA2048";
    private const string MchId = "mchid=\"1900000001\"";
    private const string Nonce = "nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\"";
    private const string Timestamp = "timestamp=\"1554208460\"";
    private const string Serial = "serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\"";
    private const string Signature = "signature=\"c2lnbmF0dXJl\"";

    private static readonly AuthorizationHeader Expected =
        new("1900000001", "593BEC0C930BF1AFEB40B4A08C8FB242", 1554208460, "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", "c2lnbmF0dXJl");

    private static string Header(params string[] parameters) => Scheme + " " + string.Join(',', parameters);

    public static TheoryData<string> AnyOrder => new()
    {
        // GO / JAVA / AHC order.
        Header(MchId, Nonce, Timestamp, Serial, Signature),
        // PHP Formatter::authorization order.
        Header(MchId, Serial, Timestamp, Nonce, Signature),
        // SKIT order.
        Header(MchId, Nonce, Signature, Timestamp, Serial),
        Header(Signature, Serial, Timestamp, Nonce, MchId),
    };

    [Theory]
    [MemberData(nameof(AnyOrder))]
    public void TryParse_ParametersInAnyOrder_Succeeds(string value)
    {
        Assert.True(AuthorizationHeader.TryParse(value, out var header, out var error));

        Assert.Null(error);
        Assert.Equal(Expected, header);
    }

    [Fact]
    public void Format_Always_WritesGoOrderWithoutSpaces()
    {
        Assert.Equal(Header(MchId, Nonce, Timestamp, Serial, Signature), Expected.Format());
        Assert.Equal(Expected.Format(), Expected.ToString());
    }

    [Fact]
    public void TryParse_FormattedHeader_RoundTrips()
    {
        Assert.True(AuthorizationHeader.TryParse(Expected.Format(), out var header, out _));

        Assert.Equal(Expected, header);
    }

    [Fact]
    public void TryParse_ValueWithCommaInsideQuotes_KeepsItInTheValue()
    {
        var value = Header(MchId, Nonce, Timestamp, Serial, "signature=\"a,b=c\"");

        Assert.True(AuthorizationHeader.TryParse(value, out var header, out _));

        Assert.Equal("a,b=c", header!.Signature);
    }

    public static TheoryData<string?, string> Malformed => new()
    {
        { null, "The Authorization header is missing." },
        { "", "The Authorization header is missing." },
        { "Bearer abc", "The Authorization scheme must be WECHATPAY2-SHA256-RSA2048 followed by one space." },
        { "WECHATPAY2-SHA256-RSA2048", "The Authorization scheme must be WECHATPAY2-SHA256-RSA2048 followed by one space." },
        { " " + Header(MchId, Nonce, Timestamp, Serial, Signature), "The Authorization scheme must be WECHATPAY2-SHA256-RSA2048 followed by one space." },
        { "wechatpay2-sha256-rsa2048 " + string.Join(',', MchId, Nonce, Timestamp, Serial, Signature), "The Authorization scheme must be WECHATPAY2-SHA256-RSA2048 followed by one space." },
        { "WECHATPAY2-SHA256-RSA4096 " + string.Join(',', MchId, Nonce, Timestamp, Serial, Signature), "The Authorization scheme must be WECHATPAY2-SHA256-RSA2048 followed by one space." },
        { Scheme + "  " + string.Join(',', MchId, Nonce, Timestamp, Serial, Signature), "The Authorization scheme must be WECHATPAY2-SHA256-RSA2048 followed by one space." },
        { Header(Nonce, Timestamp, Serial, Signature), "The Authorization parameter 'mchid' is missing or empty." },
        { Header(MchId, Timestamp, Serial, Signature), "The Authorization parameter 'nonce_str' is missing or empty." },
        { Header(MchId, Nonce, Serial, Signature), "The Authorization parameter 'timestamp' is missing or empty." },
        { Header(MchId, Nonce, Timestamp, Signature), "The Authorization parameter 'serial_no' is missing or empty." },
        { Header(MchId, Nonce, Timestamp, Serial), "The Authorization parameter 'signature' is missing or empty." },
        { Header("mchid=\"\"", Nonce, Timestamp, Serial, Signature), "The Authorization parameter 'mchid' is missing or empty." },
        { Header("mchid=1900000001", Nonce, Timestamp, Serial, Signature), "The Authorization parameter 'mchid' must be a double-quoted value." },
        { Header(MchId, Nonce, "timestamp=1554208460", Serial, Signature), "The Authorization parameter 'timestamp' must be a double-quoted value." },
        { Header(MchId, Nonce, Timestamp, Serial, "signature='c2ln'"), "The Authorization parameter 'signature' must be a double-quoted value." },
        { Header(MchId, Nonce, Timestamp, Serial, "signature="), "The Authorization parameter 'signature' must be a double-quoted value." },
        { Header(MchId, Nonce, Timestamp, Serial, "signature=\"c2ln"), "The Authorization parameter 'signature' has no closing quote." },
        { Header(MchId, Nonce, Timestamp, Serial, "signature"), "Each Authorization parameter must look like key=\"value\"." },
        { Header(MchId, Nonce, Timestamp, Serial, "=\"c2ln\""), "Each Authorization parameter must look like key=\"value\"." },
        { Scheme + " " + string.Join(", ", MchId, Nonce, Timestamp, Serial, Signature), "Authorization parameters must be separated by a comma with no spaces." },
        { Scheme + " " + string.Join(",\t", MchId, Nonce, Timestamp, Serial, Signature), "Authorization parameters must be separated by a comma with no spaces." },
        { Scheme + " " + string.Join(" ,", MchId, Nonce, Timestamp, Serial, Signature), "Authorization parameters must be separated by a comma with no spaces." },
        { Scheme + " " + string.Join(';', MchId, Nonce, Timestamp, Serial, Signature), "Authorization parameters must be separated by a comma with no spaces." },
        { Header(MchId, Nonce, Timestamp, Serial, Signature) + " ", "Authorization parameters must be separated by a comma with no spaces." },
        // A second signature hidden behind ", " must not slip past the duplicate check as an unknown " signature" key.
        { Header(MchId, Nonce, Timestamp, Serial, Signature) + ", signature=\"b3RoZXI=\"", "Authorization parameters must be separated by a comma with no spaces." },
        { Scheme + "  " + string.Join(',', MchId, Nonce, Timestamp, Serial, Signature, MchId), "The Authorization scheme must be WECHATPAY2-SHA256-RSA2048 followed by one space." },
        { Header(MchId, Nonce, Timestamp, Serial, Signature, "mchid=\"1900000002\""), "The Authorization parameter 'mchid' appears more than once." },
        { Header(MchId, Nonce, Timestamp, Serial, Signature, Signature), "The Authorization parameter 'signature' appears more than once." },
        { Header(MchId, Nonce, "timestamp=\"abc\"", Serial, Signature), "The Authorization timestamp must be Unix time in whole seconds." },
        { Header(MchId, Nonce, "timestamp=\"-1554208460\"", Serial, Signature), "The Authorization timestamp must be Unix time in whole seconds." },
        { Header(MchId, Nonce, "timestamp=\"+1554208460\"", Serial, Signature), "The Authorization timestamp must be Unix time in whole seconds." },
        { Header(MchId, Nonce, "timestamp=\"1554208460.5\"", Serial, Signature), "The Authorization timestamp must be Unix time in whole seconds." },
        { Header(MchId, Nonce, "timestamp=\" 1554208460\"", Serial, Signature), "The Authorization timestamp must be Unix time in whole seconds." },
        { Header(MchId, Nonce, "timestamp=\"1554208460000000000000\"", Serial, Signature), "The Authorization timestamp must be Unix time in whole seconds." },
        { Header(MchId, Nonce, Timestamp, Serial, Signature) + ",", "The Authorization header ends with a trailing comma." },
        { Header(MchId, Nonce, Timestamp, Serial, Signature, "signature=\"" + new string('A', 4096) + "\""), "The Authorization header is longer than 4096 characters." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_MalformedValue_FailsWithExactError(string? value, string expectedError)
    {
        Assert.False(AuthorizationHeader.TryParse(value, out var header, out var error));

        Assert.Null(header);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void TryParse_ExactlyMaximumLength_Succeeds()
    {
        var shortest = Header(MchId, Nonce, Timestamp, Serial, "signature=\"\"");
        var signature = new string('A', 4096 - shortest.Length);
        var value = Header(MchId, Nonce, Timestamp, Serial, $"signature=\"{signature}\"");

        Assert.Equal(4096, value.Length);
        Assert.True(AuthorizationHeader.TryParse(value, out var header, out _));
        Assert.Equal(signature, header!.Signature);
    }

    [Fact]
    public void TryParse_OneOverMaximumLength_Fails()
    {
        var shortest = Header(MchId, Nonce, Timestamp, Serial, "signature=\"\"");
        var value = Header(MchId, Nonce, Timestamp, Serial, $"signature=\"{new string('A', 4097 - shortest.Length)}\"");

        Assert.Equal(4097, value.Length);
        Assert.False(AuthorizationHeader.TryParse(value, out _, out var error));
        Assert.Equal("The Authorization header is longer than 4096 characters.", error);
    }
}
