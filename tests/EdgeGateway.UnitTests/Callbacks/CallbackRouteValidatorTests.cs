using System.Security.Cryptography;
using EdgeGateway.Callbacks;
using EdgeGateway.Configuration;
using EdgeGateway.Merchants;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.Extensions.Configuration;

namespace EdgeGateway.UnitTests.Callbacks;

/// <summary>One test per rule over config/callbacks.json, asserting the message verbatim.</summary>
public sealed class CallbackRouteValidatorTests
{
    private static readonly MerchantRegistry Merchants = new(
        [new Merchant(new MerchantCredentials("1900000001", "ABC123", RSA.Create(2048)), ApiV3Key.Create("0123456789abcdefghijklmnopqrstuv"), VerificationKeySet.Empty)],
        "1900000001");

    [Fact]
    public void Merchant_Missing_IsReported()
    {
        var problems = Check(new CallbackRouteMerchantValidator(Config(("pay", null, "https://orders.internal/notify")), Merchants));

        Assert.Equal(["config/callbacks.json: callback 'pay': MchId is required: the merchant whose keys verify and decrypt this callback."], problems);
    }

    [Fact]
    public void Merchant_NotConfigured_IsReported()
    {
        var problems = Check(new CallbackRouteMerchantValidator(Config(("pay", "1999999999", "https://orders.internal/notify")), Merchants));

        Assert.Equal(["config/callbacks.json: callback 'pay': MchId is '1999999999', but no merchant with that mchid is configured under EdgeGateway:Merchants; add the merchant or correct the mchid."], problems);
    }

    [Fact]
    public void Target_Missing_IsReported()
    {
        var problems = Check(new CallbackRouteTargetValidator(Config(("pay", "1900000001", null))));

        Assert.Equal(["config/callbacks.json: callback 'pay': TargetUrl is required: the internal service the decrypted callback is delivered to."], problems);
    }

    [Theory]
    [InlineData("/wechatpay/notify")]
    [InlineData("orders.internal/notify")]
    [InlineData("ftp://orders.internal/notify")]
    [InlineData("file:///etc/passwd")]
    public void Target_NotAbsoluteHttp_IsReported(string target)
    {
        var problems = Check(new CallbackRouteTargetValidator(Config(("pay", "1900000001", target))));

        Assert.Equal([$"config/callbacks.json: callback 'pay': TargetUrl '{target}' is not an absolute http:// or https:// URL; write the full address of the internal service, e.g. \"https://orders.internal/wechatpay/notify\"."], problems);
    }

    [Theory]
    [InlineData("pay.v2")]
    [InlineData("pay notify")]
    public void Name_NotAPathSegment_IsReported(string name)
    {
        var problems = Check(new CallbackRouteNameValidator(Config((name, "1900000001", "https://orders.internal/notify"))));

        Assert.Equal([$"config/callbacks.json: callback '{name}': the name may use only letters, digits, '-' and '_' (at most 64 characters): it is the last segment of the notify URL /notify/{{name}}."], problems);
    }

    [Fact]
    public void ValidRoutes_HaveNoProblem()
    {
        var configuration = Config(("pay", "1900000001", "https://orders.internal/notify"), ("refund_v2", "1900000001", "http://127.0.0.1:7001/refunds"));

        Assert.Empty(Check(new CallbackRouteNameValidator(configuration)));
        Assert.Empty(Check(new CallbackRouteMerchantValidator(configuration, Merchants)));
        Assert.Empty(Check(new CallbackRouteTargetValidator(configuration)));
    }

    private static IConfiguration Config(params (string Name, string? MchId, string? Target)[] routes)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (name, mchId, target) in routes)
        {
            values[$"Callbacks:{name}:MchId"] = mchId;
            values[$"Callbacks:{name}:TargetUrl"] = target;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static List<string> Check(IGatewayConfigValidator validator)
    {
        var context = new GatewayConfigValidationContext { Policies = new PolicyCatalog(), Routes = [], Clusters = [] };
        validator.Validate(context);
        return [.. context.Problems.Select(p => p.ToString())];
    }
}
