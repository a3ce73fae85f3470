using EdgeGateway.Configuration;
using static EdgeGateway.UnitTests.Configuration.RuleTestSupport;

namespace EdgeGateway.UnitTests.Configuration;

/// <summary>A value of the wrong type is reported for its policy; every other policy is still read.</summary>
public sealed class PolicyBinderTests
{
    [Fact]
    public void Bind_WrongType_IsReportedAndTheOtherPoliciesAreRead()
    {
        var problems = new List<ConfigProblem>();
        var catalog = PolicyBinder.Bind(Config(
            ("Policies:Quotas:q:Windows:0:Limit", "10"), ("Policies:Quotas:q:Windows:0:Period", "1 minute"),
            ("Policies:RateLimits:standard:PermitsPerSecond", "100")), problems);

        Assert.Equal(["config/policies.json: Policies.Quotas.q: Windows[0].Period is '1 minute', which is not a duration; write it as \"hh:mm:ss\" or \"d.hh:mm:ss\", e.g. \"00:01:00\"."],
            problems.Select(p => p.ToString()));
        Assert.Equal(100, catalog.RateLimits["standard"].PermitsPerSecond);
        Assert.True(catalog.Quotas.ContainsKey("q")); // kept, so routes naming it are not also reported
    }

    [Fact]
    public void Bind_WrongTopLevelValue_IsReportedInTheFieldsWords()
    {
        var problems = new List<ConfigProblem>();
        PolicyBinder.Bind(Config(("Policies:Quotas:q:OnRedisFailure", "Open"), ("Policies:RateLimits:r:Burst", "lots")), problems);

        Assert.Equal([
            "config/policies.json: Policies.RateLimits.r: Burst is 'lots', which is not a whole number.",
            "config/policies.json: Policies.Quotas.q: OnRedisFailure is 'Open', which is not one of FailOpen, FailClosed.",
        ], problems.Select(p => p.ToString()));
    }

    [Fact]
    public void KeepRemoved_AddsTheRemovedPolicies_NewValuesWin()
    {
        var previous = new PolicyCatalog { RateLimits = { ["standard"] = new() { PermitsPerSecond = 1 }, ["retired"] = new() } };
        var next = new PolicyCatalog { RateLimits = { ["standard"] = new() { PermitsPerSecond = 2 } } };

        var merged = PolicyCatalogMerge.KeepRemoved(next, previous);

        Assert.Equal(2, merged.RateLimits["standard"].PermitsPerSecond);
        Assert.True(merged.RateLimits.ContainsKey("retired"));
        Assert.False(next.RateLimits.ContainsKey("retired"));
    }
}
