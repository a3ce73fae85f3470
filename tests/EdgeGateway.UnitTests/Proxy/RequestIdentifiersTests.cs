using System.Text.Json;
using EdgeGateway.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EdgeGateway.UnitTests.Proxy;

public sealed class RequestIdentifiersTests
{
    private static readonly RequestShape DirectPayment = new(RequestBodyKind.Json, MerchantFields.Direct, RequestIdentifiers.OutTradeNoField);
    private static readonly RequestShape Refund = new(RequestBodyKind.Json, MerchantFields.Either, RequestIdentifiers.OutRefundNoField);
    private static readonly RequestShape PartnerPayment = new(RequestBodyKind.Json, MerchantFields.Partner, RequestIdentifiers.OutTradeNoField);

    private static (RequestIdentifiers Identifiers, IdentifierProblem? Problem) Read(RequestShape shape, string? body, string query = "", string path = "/v3/pay/transactions/jsapi")
    {
        using var document = body is null ? null : JsonDocument.Parse(body);
        RequestIdentifiers.TryRead(document?.RootElement, new QueryCollection(QueryHelpers.ParseQuery(query)), path, shape, out var identifiers, out var problem);
        return (identifiers, problem);
    }

    [Fact]
    public void TryRead_DirectPayment_ReadsMerchantAndOrder()
    {
        var (identifiers, problem) = Read(DirectPayment, """{"mchid":"1900000001","out_trade_no":"1217752501201407033233368018"}""");

        Assert.Null(problem);
        Assert.Equal(new RequestIdentifiers("1900000001", null, "1217752501201407033233368018", null), identifiers);
    }

    [Theory]
    [InlineData("""{"mchid":"1900000001","out_trade_no":1217752501201407}""", "out_trade_no", "out_trade_no is a JSON number; WeChat Pay takes it as a string. Send \"out_trade_no\":\"…\".")]
    [InlineData("""{"mchid":1900000001,"out_trade_no":"T1217752501"}""", "mchid", "mchid is a JSON number; WeChat Pay takes it as a string. Send \"mchid\":\"…\".")]
    [InlineData("""{"mchid":"1900000001","out_trade_no":null}""", "out_trade_no", "out_trade_no is a JSON null; WeChat Pay takes it as a string. Send \"out_trade_no\":\"…\".")]
    [InlineData("""{"mchid":"1900000001"}""", "out_trade_no", "The request has no out_trade_no; this route's duplicate-payment guard keys on it. Send it as a JSON string.")]
    [InlineData("""{}""", "out_trade_no", "The request has no out_trade_no; this route's duplicate-payment guard keys on it. Send it as a JSON string.")]
    [InlineData("""{"mchid":"1900000001","out_trade_no":""}""", "out_trade_no", "out_trade_no is not valid: it is empty.")]
    [InlineData("""{"mchid":"1900000001","out_trade_no":"T1234"}""", "out_trade_no", "out_trade_no is not valid: WeChat Pay takes 6 to 32 characters of digits, letters and _-|*.")]
    [InlineData("""{"mchid":"1900000001","out_trade_no":"123456789012345678901234567890123"}""", "out_trade_no", "out_trade_no is not valid: WeChat Pay takes 6 to 32 characters of digits, letters and _-|*.")]
    [InlineData("""{"mchid":"1900000001","out_trade_no":"T12345 78"}""", "out_trade_no", "out_trade_no is not valid: WeChat Pay takes 6 to 32 characters of digits, letters and _-|*.")]
    [InlineData("""{"mchid":"1900000001","sub_mchid":"19|00","out_trade_no":"T1217752501"}""", "sub_mchid", "sub_mchid is not valid: a merchant number is 1 to 32 ASCII letters or digits.")]
    [InlineData("""{"mchid":"1900000001","sub_mchid":"1900000109","out_trade_no":"T1217752501"}""", "sub_mchid", "sub_mchid is a partner (服务商) field, and this is a direct-merchant route; send partner requests to the partner route (/v3/pay/partner/…), or leave sub_mchid out.")]
    [InlineData("""{"sp_mchid":"1900000100","mchid":"1900000001","out_trade_no":"T1217752501"}""", "sp_mchid", "sp_mchid is a partner (服务商) field, and this is a direct-merchant route; send partner requests to the partner route (/v3/pay/partner/…), or leave sp_mchid out.")]
    public void TryRead_OnAGuardedDirectRoute_RefusesWhatCannotBeKeyed(string body, string field, string message)
    {
        var (identifiers, problem) = Read(DirectPayment, body);

        Assert.Same(RequestIdentifiers.None, identifiers);
        Assert.Equal(field, problem?.Field);
        Assert.Equal(message, problem!.Message);
    }

    [Theory]
    [InlineData("sub_mchid=a%7Cb", "sub_mchid", "malformed")]
    [InlineData("sub_mchid=1900000109", "sub_mchid", "partner_field")]
    [InlineData("mchid=1900000001&mchid=1900000002", "mchid", "repeated")]
    [InlineData("mchid=1900000002", "mchid", "conflicting")]
    public void TryRead_MerchantFieldsInTheQuery_AreHeldToTheSameRules(string query, string field, string reason)
    {
        var (_, problem) = Read(DirectPayment, """{"mchid":"1900000001","out_trade_no":"T1217752501"}""", query);

        Assert.Equal(field, problem?.Field);
        Assert.Equal(reason, problem!.Reason);
    }

    [Fact]
    public void TryRead_BodyAndPathNamingDifferentOrders_IsRefused()
    {
        var (_, problem) = Read(DirectPayment, """{"mchid":"1900000001","out_trade_no":"T9999999999"}""",
            path: "/v3/pay/transactions/out-trade-no/T1217752501/close");

        Assert.Equal("out_trade_no differs between the body and the path; a request names one out_trade_no, the same wherever it appears.", problem?.Message);
    }

    [Fact]
    public void TryRead_CloseNamesItsOrderInThePath()
    {
        var (identifiers, problem) = Read(DirectPayment, """{"mchid":"1900000001"}""", path: "/v3/pay/transactions/out-trade-no/T1217752501/close");

        Assert.Null(problem);
        Assert.Equal("T1217752501", identifiers.OutTradeNo);
    }

    [Fact]
    public void TryRead_PartnerRouteWithoutSubMerchant_IsRefused()
    {
        var (_, problem) = Read(PartnerPayment, """{"sp_mchid":"1900000100","out_trade_no":"T1217752501"}""");

        Assert.Equal("The request has no sub_mchid; a partner (服务商) route needs the sub-merchant. Send it as a JSON string.", problem?.Message);
    }

    [Fact]
    public void TryRead_PartnerRoute_ReadsBothMerchants()
    {
        var (identifiers, problem) = Read(PartnerPayment, """{"sp_mchid":"1900000100","sub_mchid":"1900000109","out_trade_no":"T1217752501"}""");

        Assert.Null(problem);
        Assert.Equal("1900000100", identifiers.SigningMchId);
        Assert.Equal("1900000109", identifiers.SubMchId);
    }

    [Fact]
    public void TryRead_AbnormalRefundPath_IsNotTakenForTheRefundNumber()
    {
        var (identifiers, problem) = Read(Refund, """{"out_refund_no":"R1217752501","type":"USER_BANK_CARD"}""",
            path: "/v3/refund/domestic/refunds/50000000382019052709732678859/apply-abnormal-refund");

        Assert.Null(problem);
        Assert.Equal("R1217752501", identifiers.OutRefundNo);
    }

    [Theory]
    [InlineData("R1217752501@x", true)]
    [InlineData("R-1|2*3_4", true)]
    [InlineData("R1217752501#x", false)]
    public void TryRead_RefundNumber_FollowsItsDocumentedForm(string number, bool accepted)
    {
        var (_, problem) = Read(Refund, $$"""{"out_trade_no":"T1217752501","out_refund_no":"{{number}}"}""", path: "/v3/refund/domestic/refunds");

        Assert.Equal(accepted, problem is null);
    }

    [Fact]
    public void TryRead_UnguardedRoute_NeedsNoOrderNumber()
    {
        var (identifiers, problem) = Read(new RequestShape(RequestBodyKind.Json, MerchantFields.Direct, null), null, "mchid=1900000001", "/v3/bill/tradebill");

        Assert.Null(problem);
        Assert.Equal("1900000001", identifiers.MchId);
    }
}
