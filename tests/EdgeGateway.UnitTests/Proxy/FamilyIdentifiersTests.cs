using System.Text.Json;
using EdgeGateway.Caching;
using EdgeGateway.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EdgeGateway.UnitTests.Proxy;

/// <summary>The identifiers of partner, combined-payment, profit-sharing and transfer requests (PROTOCOL.md §11.4).</summary>
public sealed class FamilyIdentifiersTests
{
    private static (RequestIdentifiers Identifiers, IdentifierProblem? Problem) Read(MerchantFields merchant, string? guard, string template, string path,
        string? body, string query = "")
    {
        using var document = body is null ? null : JsonDocument.Parse(body);
        var shape = new RequestShape(RequestBodyKind.Json, merchant, guard) { PathTemplate = template };
        RequestIdentifiers.TryRead(document?.RootElement, new QueryCollection(QueryHelpers.ParseQuery(query)), path, shape, out var identifiers, out var problem);
        return (identifiers, problem);
    }

    [Fact]
    public void TryRead_TransferCancel_ReadsOutBillNoFromTheSegmentThePatternNames()
    {
        var (identifiers, problem) = Read(MerchantFields.Direct, RequestIdentifiers.OutBillNoField,
            "/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no}/cancel", "/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/B20261206001/cancel", null);

        Assert.Null(problem);
        Assert.Equal("B20261206001", identifiers.OutBillNo);
        Assert.Equal("B20261206001", identifiers[RequestIdentifiers.OutBillNoField]);
    }

    [Fact]
    public void TryRead_CombineQuery_IsNotReadAsAnOutTradeNo()
    {
        var (identifiers, problem) = Read(MerchantFields.Direct, null,
            "/v3/combine-transactions/out-trade-no/{combine_out_trade_no}", "/v3/combine-transactions/out-trade-no/C2026@1", null);

        Assert.Null(problem);
        Assert.Null(identifiers.OutTradeNo);
        Assert.Equal("C2026@1", identifiers.CombineOutTradeNo);
    }

    [Fact]
    public void TryRead_CombinePrepay_SignsForCombineMchIdAndKeysOnTheCombinedNumber()
    {
        var (identifiers, problem) = Read(MerchantFields.Direct, RequestIdentifiers.CombineOutTradeNoField, "/v3/combine-transactions/jsapi", "/v3/combine-transactions/jsapi",
            """{"combine_mchid":"1900000001","combine_out_trade_no":"C20261206","sub_orders":[{"mchid":"1900000002","out_trade_no":"S1234567"}]}""");

        Assert.Null(problem);
        Assert.Equal("1900000001", identifiers.SigningMchId);
        Assert.Equal("C20261206", identifiers.CombineOutTradeNo);
        Assert.Null(identifiers.OutTradeNo);
    }

    [Fact]
    public void TryRead_CombineMchIdAndMchIdDiffer_IsConflicting()
    {
        var (_, problem) = Read(MerchantFields.Direct, null, "/v3/combine-transactions/jsapi", "/v3/combine-transactions/jsapi",
            """{"combine_mchid":"1900000001","mchid":"1900000002","combine_out_trade_no":"C20261206"}""");

        Assert.Equal("combine_mchid differs between combine_mchid and mchid; a request names one combine_mchid, the same wherever it appears.", problem?.Message);
    }

    [Fact]
    public void TryRead_Unfreeze_DoesNotTakeTheLastSegmentAsTheOrderNumber()
    {
        var (identifiers, problem) = Read(MerchantFields.Either, RequestIdentifiers.OutOrderNoField, "/v3/profitsharing/orders/unfreeze", "/v3/profitsharing/orders/unfreeze",
            """{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346","description":"解冻"}""");

        Assert.Null(problem);
        Assert.Equal("P20150806125346", identifiers.OutOrderNo);
        Assert.Equal("1900000109", identifiers.SubMchId);
    }

    [Fact]
    public void TryRead_OrderNumberInPathAndBodyDiffer_IsConflicting()
    {
        var (_, problem) = Read(MerchantFields.Either, null, "/v3/profitsharing/orders/{out_order_no}", "/v3/profitsharing/orders/P1", """{"out_order_no":"P2"}""");

        Assert.Equal("conflicting", problem?.Reason);
        Assert.Equal(RequestIdentifiers.OutOrderNoField, problem?.Field);
    }

    [Theory]
    [InlineData(RequestIdentifiers.OutBillNoField, "B1234", true)]
    [InlineData(RequestIdentifiers.OutBillNoField, "B123", false)]
    [InlineData(RequestIdentifiers.OutBillNoField, "B12_34", false)]
    [InlineData(RequestIdentifiers.OutBillNoField, "B1234567890123456789012345678901", true)]
    [InlineData(RequestIdentifiers.OutBillNoField, "B12345678901234567890123456789012", false)]
    [InlineData(RequestIdentifiers.OutOrderNoField, "P|1*2@3-4_5", true)]
    [InlineData(RequestIdentifiers.OutOrderNoField, "P 1", false)]
    [InlineData(RequestIdentifiers.OutReturnNoField, "R1", true)]
    [InlineData(RequestIdentifiers.CombineOutTradeNoField, "C@1", true)]
    [InlineData(RequestIdentifiers.CombineOutTradeNoField, "C123456789012345678901234567890123", false)]
    public void Check_NewerNumbers_FollowTheirDocumentedForms(string field, string value, bool accepted)
    {
        Assert.Equal(accepted, IdentifierFormat.Check(field, value) is null);
    }

    [Fact]
    public void Check_OutBillNoWithUnderscore_SaysTheForm()
    {
        Assert.Equal("out_bill_no is not valid: WeChat Pay takes 5 to 32 ASCII letters or digits.", IdentifierFormat.Check(RequestIdentifiers.OutBillNoField, "B12_34")?.Message);
    }

    [Fact]
    public void Owner_PartnerRequest_IncludesTheSubMerchant()
    {
        Assert.Equal("1900000001/1900000109", StatusIdentity.Owner("1900000001", "1900000109"));
        Assert.Equal("1900000001", StatusIdentity.Owner("1900000001", null));
    }

    [Fact]
    public void DescribedBy_PartnerNotification_IsFiledUnderTheSubMerchant()
    {
        var identities = StatusIdentity.DescribedBy("1900000001", "TRANSACTION.SUCCESS",
            """{"sp_mchid":"1900000001","sub_mchid":"1900000109","out_trade_no":"T1217752501","transaction_id":"4200000000000000000000000001"}""");

        Assert.All(identities, i => Assert.Equal("1900000001/1900000109", i.MchId));
        Assert.Equal(2, identities.Count);
    }
}
