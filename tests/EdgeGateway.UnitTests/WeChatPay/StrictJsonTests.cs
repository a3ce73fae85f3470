using System.Text;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class StrictJsonTests
{
    private static JsonAmbiguity? Find(string json) => StrictJson.FindAmbiguity(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{"mchid":"1900000001","mchid":"1900000002"}""", "/mchid")]
    [InlineData("""{"mchid":"1900000001","mch\u0069d":"1900000002"}""", "/mchid")] // the same name once unescaped
    [InlineData("""{"amount":{"total":1,"currency":"CNY","total":100}}""", "/amount/total")]
    [InlineData("""{"payer":{"openid":"a"},"list":[{"x":1},{"y":2,"y":3}]}""", "/list/1/y")]
    [InlineData("""{"a/b":{"c~d":1,"c~d":2}}""", "/a~1b/c~0d")]
    public void FindAmbiguity_DuplicateMemberAtAnyDepth_NamesItsPointer(string json, string pointer)
    {
        var found = Find(json);

        Assert.Equal(JsonAmbiguityKind.DuplicateMember, found?.Kind);
        Assert.Equal(pointer, found!.Pointer);
    }

    [Fact]
    public void FindAmbiguity_DuplicateMember_MessageSaysWhatToDo()
    {
        Assert.Equal("The request body has the member \"out_trade_no\" twice in one object (at /out_trade_no); a second parser may take the other one. Send each member once.",
            Find("""{"out_trade_no":"T1217752501","mchid":"1900000001","out_trade_no":"T1217752502"}""")!.Message);
    }

    [Theory]
    [InlineData("""{"amount":{"total":1e400}}""", "/amount/total")]
    [InlineData("""{"amount":{"total":-1E+309}}""", "/amount/total")]
    [InlineData("""[1, 2, 1e999]""", "/2")]
    [InlineData("""1e400""", "")]
    public void FindAmbiguity_NumberBeyondADouble_IsRefused(string json, string pointer)
    {
        var found = Find(json);

        Assert.Equal(JsonAmbiguityKind.NumberOutOfRange, found?.Kind);
        Assert.Equal(pointer, found!.Pointer);
    }

    [Fact]
    public void FindAmbiguity_ByteOrderMark_IsRefused() =>
        Assert.Equal(JsonAmbiguityKind.ByteOrderMark, StrictJson.FindAmbiguity([0xEF, 0xBB, 0xBF, .. "{}"u8])?.Kind);

    [Fact]
    public void FindAmbiguity_InvalidUtf8_IsRefused() =>
        Assert.Equal(JsonAmbiguityKind.InvalidUtf8, StrictJson.FindAmbiguity(Convert.FromHexString("7b226d6368696422c0af3a2231227d"))?.Kind);

    [Theory]
    [InlineData("""{"mchid":"\ud800"}""", "/mchid")]
    [InlineData("""{"payer":{"\udfff":"x"}}""", "/payer/")]
    [InlineData("""{"list":["ok","\ud83d\u0041"]}""", "/list/1")]
    public void FindAmbiguity_LoneSurrogate_IsRefused(string json, string pointer)
    {
        var found = Find(json);

        Assert.Equal(JsonAmbiguityKind.LoneSurrogate, found?.Kind);
        Assert.Equal(pointer, found!.Pointer);
    }

    [Theory]
    [InlineData("""{"appid":"wxd678efh567hg6787","mchid":"1900000001","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}""")]
    [InlineData("""{"a":{"x":1},"b":{"x":1},"list":[{"x":1},{"x":2}]}""")] // the same name in different objects
    [InlineData("""{"emoji":"\ud83d\ude00","big":12345678901234567890123,"small":1e-400}""")]
    [InlineData("""{}""")]
    [InlineData("""not json""")] // syntax is the parser's to report
    public void FindAmbiguity_OneReadingOnly_IsNull(string json) => Assert.Null(Find(json));
}
