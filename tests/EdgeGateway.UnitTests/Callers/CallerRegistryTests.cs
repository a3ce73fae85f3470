using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.Callers;

namespace EdgeGateway.UnitTests.Callers;

public sealed class CallerRegistryTests
{
    private static string Hash(string key) => Convert.ToHexString(CallerRegistry.HashKey(key));

    private static CallersOptions Options(params (string Name, CallerOptions Caller)[] callers) =>
        new() { Callers = callers.ToDictionary(c => c.Name, c => c.Caller, StringComparer.Ordinal) };

    [Fact]
    public void FindByKey_MatchesOnlyTheCallerWhoseHashItIs()
    {
        var registry = CallerRegistry.Create(Options(
            ("a", new CallerOptions { ApiKeySha256 = Hash("key-a"), Routes = ["*"], MchIds = ["*"] }),
            ("b", new CallerOptions { ApiKeySha256 = Hash("key-b").ToLowerInvariant(), Routes = ["*"], MchIds = ["*"] })), sandboxEnabled: false);

        Assert.Equal("a", registry.FindByKey("key-a")?.Name);
        Assert.Equal("b", registry.FindByKey("key-b")?.Name);
        Assert.Null(registry.FindByKey("key-c"));
        Assert.Null(registry.FindByKey(Hash("key-a")));
    }

    [Fact]
    public void Sandbox_WithoutCallers_AcceptsTheDocumentedKey_OnlyInTheSandbox()
    {
        Assert.Equal(CallerRegistry.SandboxCallerName, CallerRegistry.Create(new CallersOptions(), sandboxEnabled: true).FindByKey("sandbox-api-key")?.Name);
        Assert.Null(CallerRegistry.Create(new CallersOptions(), sandboxEnabled: false).FindByKey("sandbox-api-key"));
        var configured = CallerRegistry.Create(Options(("a", new CallerOptions { ApiKeySha256 = Hash("key-a"), Routes = ["*"], MchIds = ["*"] })), sandboxEnabled: true);
        Assert.Null(configured.FindByKey("sandbox-api-key"));
    }

    [Fact]
    public void MayUseRoute_ByIdGroupOrWildcard()
    {
        var registry = CallerRegistry.Create(Options(
            ("groups", new CallerOptions { ApiKeySha256 = Hash("g"), Groups = ["bills"], Routes = ["certificates"], MchIds = ["1900000001"] })), sandboxEnabled: false);
        var caller = registry.FindByKey("g")!;

        Assert.True(caller.MayUseRoute("bill-trade", ["bills"]));
        Assert.True(caller.MayUseRoute("certificates", ["certificates"]));
        Assert.False(caller.MayUseRoute("pay-jsapi", ["payments"]));
        Assert.True(caller.MayActFor("1900000001"));
        Assert.False(caller.MayActFor("1900000002"));
    }

    [Fact]
    public void CertificateMatches_OnlyThePinnedCertificate()
    {
        using var pinned = SelfSigned("CN=pinned");
        using var other = SelfSigned("CN=other");
        var thumbprint = pinned.GetCertHashString(HashAlgorithmName.SHA256);
        var registry = CallerRegistry.Create(Options(("m", new CallerOptions
        {
            ApiKeySha256 = Hash("m"), Routes = ["*"], MchIds = ["*"],
            ClientCertificateThumbprint = string.Join(':', thumbprint.Chunk(2).Select(c => new string(c))),
        })), sandboxEnabled: false);
        var caller = registry.FindByKey("m")!;

        Assert.True(CallerRegistry.CertificateMatches(caller, pinned));
        Assert.False(CallerRegistry.CertificateMatches(caller, other));
        Assert.False(CallerRegistry.CertificateMatches(caller, null));
    }

    [Fact]
    public void FindByKey_EveryKeyOfARotatingCaller_FindsIt()
    {
        var registry = CallerRegistry.Create(Options(
            ("rotating", new CallerOptions { ApiKeySha256 = Hash("old"), ApiKeySha256s = [Hash("new")], Routes = ["*"], MchIds = ["*"] })), sandboxEnabled: false);

        Assert.Equal("rotating", registry.FindByKey("old")?.Name);
        Assert.Equal("rotating", registry.FindByKey("new")?.Name);
        Assert.Null(registry.FindByKey("other"));
    }

    [Fact]
    public void Replace_NewCallers_OldKeyNoLongerFound_NewKeyFound()
    {
        var registry = CallerRegistry.Create(Options(("a", new CallerOptions { ApiKeySha256 = Hash("old"), Routes = ["*"], MchIds = ["*"] })), sandboxEnabled: false);
        var before = registry.Current;

        registry.Replace(Options(("a", new CallerOptions { ApiKeySha256s = [Hash("new")], Routes = ["*"], MchIds = ["*"] })));

        Assert.Null(registry.FindByKey("old"));
        Assert.Equal("a", registry.FindByKey("new")?.Name);
        Assert.Equal("a", before.FindByKey("old")?.Name); // a request that took the old generation finishes with it
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
