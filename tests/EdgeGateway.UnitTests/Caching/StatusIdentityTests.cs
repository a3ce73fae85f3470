using System.Text;
using EdgeGateway.Caching;
using EdgeGateway.Requests;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Caching;

public sealed class StatusIdentityTests
{
    private const string MchId = "1900000001";

    private static RequestIdentifiers Identifiers(string path, string? body = null)
    {
        Assert.True(RequestIdentifiers.TryRead(body is null ? null : System.Text.Json.JsonDocument.Parse(body).RootElement, new QueryCollection(), path,
            new RequestShape(RequestBodyKind.Json, MerchantFields.Either, null), out var identifiers, out var problem), problem?.Message);
        return identifiers;
    }

    [Theory]
    [InlineData("/v3/pay/transactions/out-trade-no/T123456", "OutTradeNo", "T123456", "1900000001:otn:T123456")]
    [InlineData("/v3/pay/transactions/id/4200000001", "TransactionId", "4200000001", "1900000001:txid:4200000001")]
    [InlineData("/v3/refund/domestic/refunds/R123456", "OutRefundNo", "R123456", "1900000001:orn:R123456")]
    public void ForQuery_FindsTheNumberInThePath(string path, string kind, string id, string key)
    {
        var identity = StatusIdentity.ForQuery(MchId, Identifiers(path), path);

        Assert.Equal(new StatusIdentity(MchId, Enum.Parse<StatusKind>(kind), id), identity);
        Assert.Equal(key, identity!.Key);
    }

    [Theory]
    [InlineData("/v3/bill/tradebill")]
    [InlineData("/v3/pay/transactions/id/")]
    public void ForQuery_WithoutANumber_IsNull(string path) => Assert.Null(StatusIdentity.ForQuery(MchId, Identifiers(path), path));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("中文")]
    public void TryCreate_RefusesWhatCannotBeAKey(string id) => Assert.Null(StatusIdentity.TryCreate(MchId, StatusKind.OutTradeNo, id));

    [Fact]
    public void TryCreate_RefusesOverlongNumbers()
    {
        Assert.NotNull(StatusIdentity.TryCreate(MchId, StatusKind.OutRefundNo, new string('R', 64)));
        Assert.Null(StatusIdentity.TryCreate(MchId, StatusKind.OutRefundNo, new string('R', 65)));
    }

    [Fact]
    public void TouchedBy_Close_NamesTheOrderInThePath()
    {
        const string path = "/v3/pay/transactions/out-trade-no/T777/close";

        Assert.Equal([new StatusIdentity(MchId, StatusKind.OutTradeNo, "T777")],
            StatusIdentity.TouchedBy(MchId, Identifiers(path, """{"mchid":"1900000001"}"""), path, Encoding.UTF8.GetBytes("""{"mchid":"1900000001"}""")));
    }

    [Fact]
    public void TouchedBy_Refund_NamesTheRefundAndTheOrderByBothNumbers()
    {
        const string path = "/v3/refund/domestic/refunds";
        const string body = """{"out_trade_no":"T777","transaction_id":"4200777","out_refund_no":"R777","amount":{"refund":1,"total":1,"currency":"CNY"}}""";

        var touched = StatusIdentity.TouchedBy(MchId, Identifiers(path, body), path, Encoding.UTF8.GetBytes(body));

        Assert.Equal(
        [
            new StatusIdentity(MchId, StatusKind.OutTradeNo, "T777"),
            new StatusIdentity(MchId, StatusKind.OutRefundNo, "R777"),
            new StatusIdentity(MchId, StatusKind.TransactionId, "4200777"),
        ], touched);
    }

    [Fact]
    public void DescribedBy_TransactionCallback_NamesTheOrderByBothNumbers() =>
        Assert.Equal(
        [
            new StatusIdentity(MchId, StatusKind.OutTradeNo, "T1"),
            new StatusIdentity(MchId, StatusKind.TransactionId, "4201"),
        ], StatusIdentity.DescribedBy(MchId, "TRANSACTION.SUCCESS", """{"out_trade_no":"T1","transaction_id":"4201","trade_state":"SUCCESS"}"""));

    [Fact]
    public void DescribedBy_RefundCallback_NamesTheRefundAndItsOrder() =>
        Assert.Equal(
        [
            new StatusIdentity(MchId, StatusKind.OutTradeNo, "T1"),
            new StatusIdentity(MchId, StatusKind.TransactionId, "4201"),
            new StatusIdentity(MchId, StatusKind.OutRefundNo, "R1"),
        ], StatusIdentity.DescribedBy(MchId, "REFUND.SUCCESS", """{"out_trade_no":"T1","transaction_id":"4201","out_refund_no":"R1","refund_status":"SUCCESS"}"""));

    [Theory]
    [InlineData("MCHTRANSFER.BILL.FINISHED", """{"out_trade_no":"T1"}""")]
    [InlineData("TRANSACTION.SUCCESS", "not json")]
    [InlineData("TRANSACTION.SUCCESS", "[1,2]")]
    public void DescribedBy_OtherEventsOrUnreadableResources_NameNothing(string eventType, string resource) =>
        Assert.Empty(StatusIdentity.DescribedBy(MchId, eventType, resource));

    /// <summary>Verified resources a parser can choke on; each with the keys it still names (space-separated, empty for none).</summary>
    public static TheoryData<string, string> HostileResources => new()
    {
        { """{"out_trade_no":"T1","transaction_id":"\ud83d"}""", "1900000001:otn:T1" },
        { """{"out_trade_no":"\ud83d","transaction_id":"4201"}""", "1900000001:txid:4201" },
        { """{"out_trade_no":"\udc00\ud83d","transaction_id":"\ud83d"}""", "" },
        { """{"out_trade_no":"T1","extra":""" + Nested(200) + "}", "1900000001:otn:T1" },
        { """{"out_trade_no":"T1","extra":""" + Nested(5000) + "}", "" },
        { Nested(200), "" },
        { """{"out_trade_no":"T1","amount":1e400,"n":123456789012345678901234567890}""", "1900000001:otn:T1" },
        { """{"trade_state":"SUCCESS"}""", "" },
        { """{"out_trade_no":12345,"transaction_id":null}""", "" },
        { """[{"out_trade_no":"T1"}]""", "" },
        { "\"T1\"", "" },
        { "not json", "" },
        { "", "" },
        { """{"out_trade_no":"T1"} trailing""", "" },
        { """{"out_trade_no":"T1",""", "" },
    };

    [Theory]
    [MemberData(nameof(HostileResources))]
    public void DescribedBy_HostileResource_NeverThrowsAndNamesOnlyReadableNumbers(string resource, string expectedKeys)
    {
        var identities = StatusIdentity.DescribedBy(MchId, "TRANSACTION.SUCCESS", resource);

        Assert.Equal(expectedKeys, string.Join(' ', identities.Select(i => i.Key)));
    }

    [Fact]
    public void TouchedBy_BodyWithLoneSurrogateTransactionId_NamesNothingAndDoesNotThrow()
    {
        const string path = "/v3/refund/domestic/refunds";
        var body = Encoding.UTF8.GetBytes("""{"transaction_id":"\ud83d"}""");

        Assert.Empty(StatusIdentity.TouchedBy(MchId, Identifiers(path), path, body));
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
