using EdgeGateway.Proxy;
using static EdgeGateway.UnitTests.Configuration.RuleTestSupport;

namespace EdgeGateway.UnitTests.Proxy;

public sealed class RequestShapeValidatorTests
{
    [Fact]
    public void Validate_GuardWithoutKey_IsReported()
    {
        var problems = Check(new RequestShapeValidator(), Context([Route(metadata: ("DuplicateGuard", "payments"))]));

        Assert.Equal(["config/routes.json: route 'pay-query': Metadata.DuplicateGuard is set but Metadata.DuplicateGuardKey is not; name the identifier that makes a request unique on this route: combine_out_trade_no, out_bill_no, out_order_no, out_refund_no, out_return_no, out_trade_no."], problems);
    }

    [Fact]
    public void Validate_UnknownGuardKey_IsReported()
    {
        var problems = Check(new RequestShapeValidator(), Context([Route(metadata: [("DuplicateGuard", "payments"), ("DuplicateGuardKey", "transaction_id")])]));

        Assert.Equal(["config/routes.json: route 'pay-query': Metadata.DuplicateGuardKey is 'transaction_id'; write the identifier that makes the request unique: combine_out_trade_no, out_bill_no, out_order_no, out_refund_no, out_return_no, out_trade_no."], problems);
    }

    [Fact]
    public void Validate_UnknownBodyAndMerchant_AreReported()
    {
        var problems = Check(new RequestShapeValidator(), Context([Route(metadata: [("Body", "json"), ("Merchant", "ServiceProvider")])]));

        Assert.Equal([
            "config/routes.json: route 'pay-query': Metadata.Body is 'json'; write Json (the default) or Multipart (media uploads).",
            "config/routes.json: route 'pay-query': Metadata.Merchant is 'ServiceProvider'; write Direct (the default; sp_mchid and sub_mchid refused), Partner (sub_mchid required) or Either (a path both use, such as refunds).",
        ], problems);
    }

    [Fact]
    public void Validate_KnownValues_AreAccepted() =>
        Assert.Empty(Check(new RequestShapeValidator(), Context([Route(metadata: [("DuplicateGuard", "payments"), ("DuplicateGuardKey", "out_refund_no"), ("Body", "Json"), ("Merchant", "Either")])])));

    [Fact]
    public void Validate_SensitiveFieldsNotAPath_IsReported()
    {
        var problems = Check(new RequestShapeValidator(), Context([Route(metadata: ("SensitiveFields", "receivers[]"))]));

        Assert.Equal(["config/routes.json: route 'pay-query': Metadata.SensitiveFields is 'receivers[]': 'receivers[]' is not a field path: write member names of letters, digits and _, joined by '.', with '[]' after an array (e.g. user_name, receivers[].name)."], problems);
    }

    [Fact]
    public void Validate_SensitiveFieldsOnAnUpload_IsReported()
    {
        var problems = Check(new RequestShapeValidator(), Context([Route(metadata: [("SensitiveFields", "name"), ("Body", "Multipart")])]));

        Assert.Equal(["config/routes.json: route 'pay-query': Metadata.SensitiveFields is set on a Multipart route; the gateway encrypts fields of JSON bodies only: remove it."], problems);
    }

    [Fact]
    public void Validate_SensitiveFieldsAndNewerGuardKey_AreAccepted() =>
        Assert.Empty(Check(new RequestShapeValidator(), Context([Route(metadata: [("DuplicateGuard", "payments"), ("DuplicateGuardKey", "out_bill_no"), ("SensitiveFields", "user_name, receivers[].name")])])));
}
