using EdgeGateway.Configuration;
using EdgeGateway.Idempotency;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.UnitTests.Idempotency;

/// <summary>Each rule of the duplicate-guard policies, with its message asserted word for word.</summary>
public sealed class DuplicateGuardValidatorTests
{
    private static GatewayConfigValidationContext Context(DuplicateGuardPolicy policy, params RouteConfig[] routes) => new()
    {
        Policies = new PolicyCatalog { DuplicateGuards = { ["payments"] = policy } },
        Routes = routes,
        Clusters = [],
    };

    private static RouteConfig Guarded(TimeSpan? timeout) => new()
    {
        RouteId = "pay-jsapi",
        ClusterId = "wechatpay",
        Match = new RouteMatch { Path = "/v3/pay/transactions/jsapi", Methods = ["POST"] },
        Metadata = new Dictionary<string, string> { [RouteMetadataKeys.DuplicateGuard] = "payments" },
        Timeout = timeout,
    };

    [Fact]
    public void LockTtl_NotLongerThanRouteTimeout_IsReported()
    {
        var context = Context(new DuplicateGuardPolicy { LockTtl = TimeSpan.FromSeconds(15) }, Guarded(TimeSpan.FromSeconds(15)));

        new DuplicateGuardLockOutlivesTimeoutValidator().Validate(context);

        Assert.Equal(
            "config/routes.json: route 'pay-jsapi': Timeout 00:00:15 is not shorter than LockTtl 00:00:15 of DuplicateGuards.payments; the lock could expire while WeChat Pay is still answering. Lower the Timeout or raise LockTtl in config/policies.json.",
            Assert.Single(context.Problems).ToString());
    }

    [Fact]
    public void GuardedRoute_WithoutTimeout_IsReported()
    {
        var context = Context(new DuplicateGuardPolicy(), Guarded(timeout: null));

        new DuplicateGuardLockOutlivesTimeoutValidator().Validate(context);

        Assert.Equal(
            "config/routes.json: route 'pay-jsapi': Metadata.DuplicateGuard names 'payments' but the route sets no Timeout; set a Timeout shorter than the policy's LockTtl (00:01:00).",
            Assert.Single(context.Problems).ToString());
    }

    [Fact]
    public void LockTtl_LongerThanRouteTimeout_IsAccepted()
    {
        var context = Context(new DuplicateGuardPolicy(), Guarded(TimeSpan.FromSeconds(15)));

        new DuplicateGuardLockOutlivesTimeoutValidator().Validate(context);

        Assert.Empty(context.Problems);
    }

    [Fact]
    public void Policy_UnusableLockTtlAndReplayFor_AreReported()
    {
        var context = Context(new DuplicateGuardPolicy { LockTtl = TimeSpan.FromMilliseconds(10), ReplayFor = TimeSpan.FromSeconds(-1) });

        new DuplicateGuardPolicyValidator().Validate(context);

        Assert.Equal(
        [
            "config/policies.json: Policies.DuplicateGuards.payments: LockTtl is 00:00:00.0100000; it must be at least 00:00:01 and longer than the timeout of every route using this policy.",
            "config/policies.json: Policies.DuplicateGuards.payments: ReplayFor is -00:00:01; it must be 00:00:00 (answers are not kept) or longer (e.g. \"1.00:00:00\").",
        ], context.Problems.Select(p => p.ToString()));
    }
}
