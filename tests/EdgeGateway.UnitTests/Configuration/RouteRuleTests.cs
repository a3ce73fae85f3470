using EdgeGateway.Configuration;
using EdgeGateway.Configuration.Rules;
using EdgeGateway.RateLimiting;
using EdgeGateway.RateLimiting.Validation;
using static EdgeGateway.UnitTests.Configuration.RuleTestSupport;

namespace EdgeGateway.UnitTests.Configuration;

/// <summary>One test per rule over routes and clusters, asserting the message verbatim.</summary>
public sealed class RouteRuleTests
{
    [Fact]
    public void ClusterReference_UnknownCluster_IsReported()
    {
        var problems = Check(new RouteClusterReferenceValidator(), Context([Route(cluster: "wechatpay2")]));

        Assert.Equal(["config/routes.json: route 'pay-query': ClusterId names 'wechatpay2', which is not a cluster in ReverseProxy.Clusters (defined: wechatpay); add the cluster or use one of those."], problems);
    }

    [Fact]
    public void ClusterReference_Missing_IsReported()
    {
        var problems = Check(new RouteClusterReferenceValidator(), Context([Route(cluster: null)]));

        Assert.Equal(["config/routes.json: route 'pay-query': names no ClusterId, so it could not forward anything; set \"ClusterId\" to a cluster of ReverseProxy.Clusters (defined: wechatpay)."], problems);
    }

    [Fact]
    public void WeChatPayHttps_PlainHttpOutsideTheSandbox_IsReported()
    {
        var problems = Check(new WeChatPayHttpsValidator(), Context(clusters: [Cluster(destinations: ("primary", "http://api.mch.weixin.qq.com/"))]));

        Assert.Equal(["config/routes.json: cluster 'wechatpay': destination 'primary' has the address 'http://api.mch.weixin.qq.com/'; WeChat Pay is reached only over HTTPS outside the sandbox and the Development environment, so use https:// (e.g. \"https://api.mch.weixin.qq.com/\"). Plain http is allowed only to a loopback address, such as a local proxy that opens TLS."], problems);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8443/", false)]
    [InlineData("http://localhost:8443/", false)]
    [InlineData("http://[::1]:8443/", false)]
    [InlineData("http://simulator.internal/", true)]
    [InlineData("https://api.mch.weixin.qq.com/", false)]
    public void WeChatPayHttps_LoopbackSandboxAndHttps_AreAccepted(string address, bool sandbox)
    {
        var problems = Check(new WeChatPayHttpsValidator(), Context(clusters: [Cluster(destinations: ("primary", address))], allowsInsecureUpstreams: sandbox));

        Assert.Empty(problems);
    }

    [Fact]
    public void WeChatPayHttps_OtherClusters_AreNotJudged()
    {
        Assert.Empty(Check(new WeChatPayHttpsValidator(), Context(clusters: [Cluster("internal", weChatPay: false, ("a", "http://orders.internal/"))])));
    }

    [Fact]
    public void WeChatPayHttps_RelativeAddress_IsReported()
    {
        var problems = Check(new WeChatPayHttpsValidator(), Context(clusters: [Cluster(destinations: ("backup", "api2.mch.weixin.qq.com"))], allowsInsecureUpstreams: true));

        Assert.Equal(["config/routes.json: cluster 'wechatpay': destination 'backup' has the address 'api2.mch.weixin.qq.com', which is not an absolute http(s) URL; write the full address, e.g. \"https://api.mch.weixin.qq.com/\"."], problems);
    }

    [Fact]
    public void RateLimitRequired_Missing_IsReported()
    {
        var problems = Check(new RouteRateLimitRequiredValidator(), Context([Route(rateLimit: null)]));

        Assert.Equal(["config/routes.json: route 'pay-query': names no RateLimiterPolicy, so nothing limits how fast it calls WeChat Pay; set \"RateLimiterPolicy\" to a policy of config/policies.json Policies.RateLimits (defined: standard)."], problems);
    }

    [Theory]
    [InlineData("Disable")]
    [InlineData("default")]
    public void RateLimitRequired_FrameworkPolicy_IsReported(string name)
    {
        var problems = Check(new RouteRateLimitRequiredValidator(), Context([Route(rateLimit: name)]));

        Assert.Equal([$"config/routes.json: route 'pay-query': RateLimiterPolicy is '{name}', which applies no limit in this gateway; name a policy of config/policies.json Policies.RateLimits instead (defined: standard)."], problems);
    }

    [Fact]
    public void RateLimitRegistered_NameAddedAfterStart_IsReported()
    {
        var policies = new PolicyCatalog { RateLimits = { ["standard"] = new(), ["gold"] = new() } };
        var problems = Check(new RateLimitPolicyRegisteredValidator(new RegisteredRateLimitPolicies(["standard"])), Context([Route(rateLimit: "gold")], policies: policies));

        Assert.Equal(["config/routes.json: route 'pay-query': RateLimiterPolicy names 'gold', which was not in config/policies.json when the gateway started; rate-limit policy names are read at start, so restart the gateway to use it (changed limits of existing policies apply without a restart)."], problems);
    }

    [Fact]
    public void TimeoutRequired_Missing_IsReported()
    {
        var route = Route() with { Timeout = null };
        var problems = Check(new RouteTimeoutRequiredValidator(), Context([route]));

        Assert.Equal(["config/routes.json: route 'pay-query': sets no Timeout, so a slow WeChat Pay answer would hold the caller and a connection indefinitely; set \"Timeout\", e.g. \"00:00:05\" for a query or \"00:00:15\" for a payment."], problems);
    }

    [Fact]
    public void TimeoutRequired_DisabledPolicy_IsReported()
    {
        var route = Route() with { Timeout = null, TimeoutPolicy = "Disable" };
        var problems = Check(new RouteTimeoutRequiredValidator(), Context([route]));

        Assert.Equal(["config/routes.json: route 'pay-query': TimeoutPolicy is 'Disable', which removes the timeout; remove it and set \"Timeout\" instead, e.g. \"00:00:05\" for a query or \"00:00:15\" for a payment."], problems);
    }

    [Fact]
    public void RetryBudget_TimeoutNotLongerThanBudget_IsReported()
    {
        var policies = new PolicyCatalog { Retries = { ["queries"] = new RetryPolicy { MaxRetries = 3, MaxDelay = TimeSpan.FromSeconds(2) } } };
        var problems = Check(new RouteTimeoutCoversRetriesValidator(), Context([Route(timeout: TimeSpan.FromSeconds(5), metadata: ("Retry", "queries"))], policies: policies));

        Assert.Equal(["config/routes.json: route 'pay-query': Timeout 00:00:05 is not longer than the retry budget of Retries.queries (3 retries × MaxDelay 00:00:02 = 00:00:06), so the timeout could end the request before the last retry; raise the Timeout above 00:00:06, or lower MaxRetries or MaxDelay in config/policies.json."], problems);
    }

    [Theory]
    [InlineData(6, 3, 2, true)]   // equal: nothing left for the last attempt
    [InlineData(5, 3, 1, false)]  // the shipped query routes and policy
    [InlineData(1, 0, 2, false)]  // no retries, no budget
    public void RetryBudget_Boundaries(int timeoutSeconds, int maxRetries, int maxDelaySeconds, bool reported)
    {
        var policies = new PolicyCatalog { Retries = { ["queries"] = new RetryPolicy { MaxRetries = maxRetries, MaxDelay = TimeSpan.FromSeconds(maxDelaySeconds) } } };
        var problems = Check(new RouteTimeoutCoversRetriesValidator(), Context([Route(timeout: TimeSpan.FromSeconds(timeoutSeconds), metadata: ("Retry", "queries"))], policies: policies));

        Assert.Equal(reported, problems.Count == 1);
    }

    [Fact]
    public void WeChatPayTransform_Missing_IsReported()
    {
        var problems = Check(new WeChatPayTransformRequiredValidator(), Context([Route(weChatPay: null)]));

        Assert.Equal(["config/routes.json: route 'pay-query': goes to the WeChat Pay cluster 'wechatpay' but has no WeChatPay transform, so its requests would go unsigned and its answers unverified; add \"Transforms\": [{\"WeChatPay\": \"SignAndVerify\"}]."], problems);
    }

    [Fact]
    public void WeChatPayTransform_OtherCluster_IsNotRequired()
    {
        Assert.Empty(Check(new WeChatPayTransformRequiredValidator(), Context([Route(cluster: "internal", weChatPay: null)], [Cluster("internal", weChatPay: false)])));
    }

    [Fact]
    public void SignOnly_OnASignedApi_IsReported()
    {
        var problems = Check(new WeChatPaySignOnlyValidator(), Context([Route(weChatPay: "SignOnly")]));

        Assert.Equal(["config/routes.json: route 'pay-query': uses the WeChatPay transform \"SignOnly\", which does not verify WeChat Pay's answers, on '/v3/pay/transactions/id/{id}'; only bill files (/v3/billdownload/…) come unsigned, so use \"SignAndVerify\"."], problems);
    }

    [Fact]
    public void SignOnly_OnBillDownload_IsAccepted()
    {
        Assert.Empty(Check(new WeChatPaySignOnlyValidator(), Context([Route(path: "/v3/billdownload/file", weChatPay: "SignOnly")])));
    }

    [Theory]
    [InlineData("3 MiB")]
    [InlineData("0")]
    [InlineData("-1")]
    public void MaxRequestBody_NotAPositiveWholeNumber_IsReported(string value)
    {
        var problems = Check(new RouteMaxRequestBodyValidator(), Context([Route(metadata: ("MaxRequestBodyBytes", value))]));

        Assert.Equal([$"config/routes.json: route 'pay-query': Metadata.MaxRequestBodyBytes is '{value}'; write a whole number of bytes, at least 1, as a string (e.g. \"3145728\" for 3 MiB), or remove it to use EdgeGateway:MaxRequestBodyBytes."], problems);
    }

    [Fact]
    public void MaxRequestBody_WholeNumber_IsAccepted()
    {
        Assert.Empty(Check(new RouteMaxRequestBodyValidator(), Context([Route(metadata: ("MaxRequestBodyBytes", "3145728"))])));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("")]
    public void RequireSignedErrors_NotTrueOrFalse_IsReported(string value)
    {
        var problems = Check(new RouteRequireSignedErrorsValidator(), Context([Route(metadata: ("RequireSignedErrors", value))]));

        Assert.Equal([$"config/routes.json: route 'pay-query': Metadata.RequireSignedErrors is '{value}'; write \"true\" (refuse WeChat Pay error answers without a signature) or \"false\", or remove it to use EdgeGateway:WeChatPay:RequireSignedErrors."], problems);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void RequireSignedErrors_TrueOrFalse_IsAccepted(string value)
    {
        Assert.Empty(Check(new RouteRequireSignedErrorsValidator(), Context([Route(metadata: ("RequireSignedErrors", value))])));
    }

    [Fact]
    public void PolicyReference_UnknownRetry_IsReported()
    {
        var problems = Check(new RoutePolicyReferenceValidator(), Context([Route(metadata: ("Retry", "querys"))]));

        Assert.Equal(["config/routes.json: route 'pay-query': Metadata.Retry names 'querys', which is not a policy in config/policies.json Policies.Retries (defined: none); add it there or use one of those."], problems);
    }

    [Fact]
    public void CertificateCluster_Unknown_IsReported()
    {
        var problems = Check(new CertificateClusterReferenceValidator(Config(("EdgeGateway:Certificates:ClusterId", "wechat"))), Context());

        Assert.Equal(["appsettings.json: EdgeGateway:Certificates:ClusterId: names the cluster 'wechat', which is not in config/routes.json (defined: wechatpay); name one of those, or remove it to use the cluster marked \"Upstream\": \"WeChatPay\"."], problems);
    }
}
