using EdgeGateway.Callbacks;
using EdgeGateway.Configuration.Rules;
using static EdgeGateway.UnitTests.Configuration.RuleTestSupport;

namespace EdgeGateway.UnitTests.Configuration;

/// <summary>Keys that bind to nothing are errors, with the likely intended key named.</summary>
public sealed class UnknownKeyRuleTests
{
    [Fact]
    public void RouteKey_Misspelt_IsReportedWithTheLikelyKey()
    {
        var configuration = Config(("ReverseProxy:Routes:pay-query:Timout", "00:00:05"), ("ReverseProxy:Routes:pay-query:Match:Path", "/v3/x"));
        var problems = Check(new UnknownRouteKeyValidator(configuration), Context());

        Assert.Equal(["config/routes.json: route 'pay-query': 'Timout' is not a key YARP reads, so it would be ignored; did you mean 'Timeout'? remove or correct it (known here: AuthorizationPolicy, ClusterId, CorsPolicy, Match, MaxRequestBodySize, Metadata, Order, OutputCachePolicy, RateLimiterPolicy, RouteId, Timeout, TimeoutPolicy, Transforms)."], problems);
    }

    [Fact]
    public void RouteKey_NestedInMatch_IsReportedWithItsPath()
    {
        var configuration = Config(("ReverseProxy:Routes:pay-query:Match:Method:0", "GET"));
        var problems = Check(new UnknownRouteKeyValidator(configuration), Context());

        Assert.Equal(["config/routes.json: route 'pay-query': 'Match.Method' is not a key YARP reads, so it would be ignored; did you mean 'Methods'? remove or correct it (known here: Headers, Hosts, Methods, Path, QueryParameters)."], problems);
    }

    [Fact]
    public void ClusterKey_InADestination_IsReported()
    {
        var configuration = Config(("ReverseProxy:Clusters:wechatpay:Destinations:primary:Adress", "https://api.mch.weixin.qq.com/"));
        var problems = Check(new UnknownRouteKeyValidator(configuration), Context());

        Assert.Equal(["config/routes.json: cluster 'wechatpay': 'Destinations.primary.Adress' is not a key YARP reads, so it would be ignored; did you mean 'Address'? remove or correct it (known here: Address, Health, Host, Metadata)."], problems);
    }

    [Fact]
    public void RouteKeys_KnownEverywhere_AreAccepted()
    {
        var configuration = Config(
            ("ReverseProxy:Routes:r:ClusterId", "wechatpay"), ("ReverseProxy:Routes:r:Match:Path", "/v3/x"), ("ReverseProxy:Routes:r:Match:Methods:0", "GET"),
            ("ReverseProxy:Routes:r:Transforms:0:WeChatPay", "SignAndVerify"), ("ReverseProxy:Routes:r:Metadata:Anything", "x"),
            ("ReverseProxy:Clusters:c:HttpClient:SslProtocols:0", "Tls12"), ("ReverseProxy:Clusters:c:HealthCheck:Passive:ReactivationPeriod", "00:00:30"),
            ("ReverseProxy:Clusters:c:Destinations:primary:Metadata:Role", "backup"), ("ReverseProxy:Clusters:c:HttpRequest:ActivityTimeout", "00:01:00"));

        Assert.Empty(Check(new UnknownRouteKeyValidator(configuration), Context()));
    }

    [Fact]
    public void RouteMetadataKey_Unknown_IsReported()
    {
        var problems = Check(new UnknownRouteMetadataKeyValidator(), Context([Route(metadata: ("Quotas", "payer-orders"))]));

        Assert.Equal(["config/routes.json: route 'pay-query': 'Metadata.Quotas' is not a route setting this gateway reads, so it would be ignored; did you mean 'Quota'? remove or correct it (known here: Body, CircuitBreaker, DuplicateGuard, DuplicateGuardKey, Group, MaxRequestBodyBytes, Merchant, Quota, RequireSignedErrors, Retry, SensitiveFields, StatusCache)."], problems);
    }

    [Fact]
    public void PolicySection_Unknown_IsReported()
    {
        var problems = Check(new UnknownPolicyKeyValidator(Config(("Policies:Quota:x:ExpectedInstances", "2"))), Context());

        Assert.Equal(["config/policies.json: Policies: 'Quota' is not a section of the policy catalogue, so it would be ignored; did you mean 'Quotas'? remove or correct it (known here: CircuitBreakers, DuplicateGuards, Quotas, RateLimits, Retries, StatusCaches)."], problems);
    }

    [Fact]
    public void PolicyField_Misspelt_IsReported()
    {
        var problems = Check(new UnknownPolicyKeyValidator(Config(("Policies:CircuitBreakers:wechatpay:BreakDurration", "00:00:30"))), Context());

        Assert.Equal(["config/policies.json: Policies.CircuitBreakers.wechatpay: 'BreakDurration' is not a field of a CircuitBreakers policy, so it would be ignored; did you mean 'BreakDuration'? remove or correct it (known here: BreakDuration, ConsecutiveFailures, FailureRatio, MinimumThroughput, SamplingDuration)."], problems);
    }

    [Fact]
    public void PolicyField_InAQuotaWindow_IsReportedWithItsIndex()
    {
        var problems = Check(new UnknownPolicyKeyValidator(Config(("Policies:Quotas:q:Windows:1:Limits", "5"))), Context());

        Assert.Equal(["config/policies.json: Policies.Quotas.q: 'Windows[1].Limits' is not a field of a Quotas policy, so it would be ignored; did you mean 'Limit'? remove or correct it (known here: Limit, Period)."], problems);
    }

    [Fact]
    public void CallbackField_Unknown_IsReported()
    {
        var problems = Check(new UnknownCallbackKeyValidator(Config(("Callbacks:pay:Target", "https://orders.internal/notify"))), Context());

        Assert.Equal(["config/callbacks.json: callback 'pay': 'Target' is not a field of a callback route, so it would be ignored; did you mean 'TargetUrl'? remove or correct it (known here: MchId, TargetUrl)."], problems);
    }
}
