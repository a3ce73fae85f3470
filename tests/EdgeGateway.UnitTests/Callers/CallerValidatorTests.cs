using EdgeGateway.Callers;
using EdgeGateway.Callers.Validation;
using EdgeGateway.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.UnitTests.Callers;

/// <summary>One test per caller rule; the messages are part of the product and asserted verbatim.</summary>
public sealed class CallerValidatorTests
{
    private static readonly string GoodHash = new('a', 64);

    private static string Single(IGatewayConfigValidator validator)
    {
        var context = new GatewayConfigValidationContext
        {
            Policies = new PolicyCatalog(),
            Routes = [new RouteConfig { RouteId = "pay-jsapi", Metadata = new Dictionary<string, string> { ["Group"] = "payments" } }],
            Clusters = [],
        };
        validator.Validate(context);
        return Assert.Single(context.Problems).ToString();
    }

    private static IOptionsMonitor<CallersOptions> One(CallerOptions caller, string name = "shop") =>
        Monitor(new CallersOptions { Callers = new Dictionary<string, CallerOptions> { [name] = caller } });

    private static FixedOptionsMonitor<CallersOptions> Monitor(CallersOptions options) => new(options);

    private static CallerOptions Valid() => new() { ApiKeySha256 = GoodHash, Routes = ["*"], MchIds = ["*"] };

    [Fact]
    public void NoCallers_OutsideSandbox_WithoutSwitch_IsRefused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EdgeGateway:Sandbox:Enabled"] = "false" }).Build();

        Assert.Equal(
            "appsettings.json: EdgeGateway:Callers: no callers are configured, so the gateway would refuse every request; add each calling service with the SHA-256 of its API key, routes or groups, and mchids (see README, Callers), or set EdgeGateway:AllowUnauthenticatedCallers=true if something in front of the gateway authenticates them.",
            Single(new CallersRequiredValidator(Monitor(new CallersOptions()), configuration)));
    }

    [Fact]
    public void NoCallers_InSandboxOrWithSwitch_IsAccepted()
    {
        var sandbox = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["EdgeGateway:Sandbox:Enabled"] = "true" }).Build();
        var context = new GatewayConfigValidationContext { Policies = new PolicyCatalog(), Routes = [], Clusters = [] };

        new CallersRequiredValidator(Monitor(new CallersOptions()), sandbox).Validate(context);
        new CallersRequiredValidator(Monitor(new CallersOptions { AllowUnauthenticatedCallers = true }), new ConfigurationBuilder().Build()).Validate(context);

        Assert.Empty(context.Problems);
    }

    [Fact]
    public void ApiKeyHash_NotSha256Hex_IsRefused()
    {
        var caller = Valid();
        caller.ApiKeySha256 = "my-secret-key";

        Assert.Equal(
            "appsettings.json: EdgeGateway:Callers:shop: ApiKeySha256 must be the SHA-256 of the caller's API key as 64 hex digits (printf %s \"$KEY\" | sha256sum); never configure the key itself.",
            Single(new CallerApiKeyHashValidator(One(caller))));
    }

    [Fact]
    public void TwoCallers_SameKey_IsRefused()
    {
        var options = Monitor(new CallersOptions
        {
            Callers = new Dictionary<string, CallerOptions> { ["a"] = Valid(), ["b"] = Valid() },
        });

        Assert.Equal("appsettings.json: EdgeGateway:Callers:b: ApiKeySha256 is the same as caller 'a''s; give each calling service its own key.",
            Single(new CallerUniqueKeyValidator(options)));
    }

    [Fact]
    public void Caller_WithoutRoutesOrGroups_IsRefused()
    {
        var caller = Valid();
        caller.Routes = [];

        Assert.Equal("appsettings.json: EdgeGateway:Callers:shop: names no Routes and no Groups, so it could call nothing; list route ids or groups (\"*\" in Routes for all).",
            Single(new CallerScopeRequiredValidator(One(caller))));
    }

    [Fact]
    public void Caller_WithoutMerchants_IsRefused()
    {
        var caller = Valid();
        caller.MchIds = [];

        Assert.Equal("appsettings.json: EdgeGateway:Callers:shop: names no MchIds, so it could act for no merchant; list the mchids it may act for (\"*\" for all).",
            Single(new CallerScopeRequiredValidator(One(caller))));
    }

    [Fact]
    public void Caller_UnknownRoute_IsRefused()
    {
        var caller = Valid();
        caller.Routes = ["pay-jsapi", "pay-jsapii"];

        Assert.Equal("appsettings.json: EdgeGateway:Callers:shop: Routes names 'pay-jsapii', which is not a route in config/routes.json; use a route id from there or \"*\".",
            Single(new CallerRouteReferenceValidator(One(caller))));
    }

    [Fact]
    public void Caller_UnknownGroup_IsRefused()
    {
        var caller = Valid();
        caller.Groups = ["payment"];

        Assert.Equal("appsettings.json: EdgeGateway:Callers:shop: Groups names 'payment', which no route in config/routes.json has as Metadata.Group (groups: payments); use one of those.",
            Single(new CallerRouteReferenceValidator(One(caller))));
    }

    [Fact]
    public void Caller_BadCertificateThumbprint_IsRefused()
    {
        var caller = Valid();
        caller.ClientCertificateThumbprint = "A1B2";

        Assert.Equal("appsettings.json: EdgeGateway:Callers:shop: ClientCertificateThumbprint must be the certificate's SHA-256 thumbprint as 64 hex digits (openssl x509 -noout -fingerprint -sha256, colons allowed).",
            Single(new CallerCertificateThumbprintValidator(One(caller))));
    }

    [Fact]
    public void Validate_RotationListWithABadEntry_NamesTheEntry()
    {
        var caller = Valid();
        caller.ApiKeySha256s = [new string('b', 64), "new-key-in-clear"];

        Assert.Equal(
            "appsettings.json: EdgeGateway:Callers:shop: ApiKeySha256s:1 must be the SHA-256 of the caller's API key as 64 hex digits (printf %s \"$KEY\" | sha256sum); never configure the key itself.",
            Single(new CallerApiKeyHashValidator(One(caller))));
    }

    [Fact]
    public void Validate_OnlyTheRotationList_IsAccepted()
    {
        var caller = Valid();
        caller.ApiKeySha256 = null;
        caller.ApiKeySha256s = [new string('b', 64)];
        var context = new GatewayConfigValidationContext { Policies = new PolicyCatalog(), Routes = [], Clusters = [] };

        new CallerApiKeyHashValidator(One(caller)).Validate(context);

        Assert.Empty(context.Problems);
    }

    [Fact]
    public void Validate_NoKeyAtAll_IsRefused()
    {
        var caller = Valid();
        caller.ApiKeySha256 = null;

        Assert.Equal(
            "appsettings.json: EdgeGateway:Callers:shop: ApiKeySha256 must be the SHA-256 of the caller's API key as 64 hex digits (printf %s \"$KEY\" | sha256sum); never configure the key itself.",
            Single(new CallerApiKeyHashValidator(One(caller))));
    }

    [Fact]
    public void Validate_RotationKeyOfAnotherCaller_IsRefused_TheSameKeyTwiceForOneCaller_IsNot()
    {
        var a = Valid();
        a.ApiKeySha256s = [GoodHash.ToUpperInvariant()];
        var b = Valid();
        b.ApiKeySha256 = new string('b', 64);
        b.ApiKeySha256s = [new string('c', 64), GoodHash];

        Assert.Equal("appsettings.json: EdgeGateway:Callers:b: ApiKeySha256s:1 is the same as caller 'a''s; give each calling service its own key.",
            Single(new CallerUniqueKeyValidator(Monitor(new CallersOptions { Callers = new Dictionary<string, CallerOptions> { ["a"] = a, ["b"] = b } }))));
    }
}
