using System.Text.Json;
using EdgeGateway.Idempotency;
using EdgeGateway.Requests;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Idempotency;

public sealed class GuardKeyTests
{
    [Fact]
    public void DirectMerchant_KeyIsUnchanged()
    {
        // Keys already in Redis (locks, kept answers) must still be found after an upgrade.
        Assert.Equal("{pay-jsapi|1900000001|T1217752501201407033233368018}",
            new GuardKey("pay-jsapi", "1900000001", "out_trade_no", "T1217752501201407033233368018").ToString());
    }

    [Fact]
    public void TwoSubMerchantsOfOnePartner_WithTheSameOutTradeNo_AreTwoOrders()
    {
        var first = Key("""{"sp_mchid":"1900000100","sub_mchid":"1900000109","out_trade_no":"T1"}""");
        var second = Key("""{"sp_mchid":"1900000100","sub_mchid":"1900000110","out_trade_no":"T1"}""");
        var again = Key("""{"sp_mchid":"1900000100","sub_mchid":"1900000109","out_trade_no":"T1"}""");

        Assert.NotEqual(first, second);
        Assert.Equal(first, again);
        Assert.Equal("{partner-jsapi|1900000100/1900000109|T1}", first);
    }

    [Fact]
    public void SubMerchant_IsReadFromTheBodyOrTheQuery()
    {
        Assert.Equal("1900000109", Identifiers("""{"sub_mchid":"1900000109"}""", "?sub_mchid=1900000109").SubMchId);
        Assert.Equal("1900000110", Identifiers("""{"out_trade_no":"T1"}""", "?sp_mchid=1900000100&sub_mchid=1900000110").SubMchId);
        Assert.Null(Identifiers("""{"mchid":"1900000001","out_trade_no":"T1"}""", "").SubMchId);
    }

    [Theory]
    [InlineData("1900000109", true)]
    [InlineData("AB12", true)]
    [InlineData("", false)]
    [InlineData("1900000109|T2", false)] // out_trade_no may hold '|': a separator here could make two orders share a key
    [InlineData("1900000109/x", false)]
    [InlineData("190000010９", false)] // a full-width digit
    [InlineData("123456789012345678901234567890123", false)] // 33 characters
    public void OnlyMerchantNumbersGoIntoKeys(string subMchId, bool accepted) => Assert.Equal(accepted, IdentifierFormat.IsMerchantId(subMchId));

    private static string Key(string body)
    {
        var identifiers = Identifiers(body, "");
        return new GuardKey("partner-jsapi", identifiers.SigningMchId!, "out_trade_no", identifiers.OutTradeNo!, identifiers.SubMchId).ToString();
    }

    private static RequestIdentifiers Identifiers(string body, string query)
    {
        using var document = JsonDocument.Parse(body);
        Assert.True(RequestIdentifiers.TryRead(document.RootElement, new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)),
            "/v3/pay/partner/transactions/jsapi", new RequestShape(RequestBodyKind.Json, MerchantFields.Either, null), out var identifiers, out var problem), problem?.Message);
        return identifiers;
    }
}
