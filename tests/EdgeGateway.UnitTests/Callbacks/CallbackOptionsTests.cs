using EdgeGateway.Callbacks;
using EdgeGateway.UnitTests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeGateway.UnitTests.Callbacks;

public sealed class CallbackOptionsTests
{
    private static IReadOnlyList<string> Problems(params (string Key, string Value)[] settings) =>
        HostSettings.Problems<CallbackOptions, CallbackOptionsValidator>(CallbackOptions.SectionName, settings);

    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(Problems());

    [Theory]
    [InlineData("MaxBodyBytes", "1023", "use 1024 to 16777216.")]
    [InlineData("IngressTimeout", "00:00:06", "use 00:00:01 to 00:00:05 (WeChat Pay waits 5 seconds for the answer).")]
    [InlineData("UnknownSerialWait", "-00:00:01", "use a value from 00:00:00 up to less than IngressTimeout.")]
    [InlineData("DedupeWindow", "1.00:00:00", "use at least 1.01:00:00 (WeChat Pay re-sends a notification for about 24 hours).")]
    [InlineData("MaxAttempts", "0", "use at least 1.")]
    [InlineData("InitialBackoff", "00:00:00", "use a positive duration such as \"00:00:05\".")]
    [InlineData("BackoffJitter", "0.6", "use a fraction from 0 to 0.5.")]
    [InlineData("BackoffJitter", "NaN", "use a fraction from 0 to 0.5.")]
    [InlineData("DeliveryTimeout", "-00:00:01", "use a positive duration such as \"00:00:10\".")]
    [InlineData("Concurrency", "257", "use 1 to 256.")]
    [InlineData("ShutdownGrace", "00:01:01", "use 00:00:00 to 00:01:00.")]
    [InlineData("PollInterval", "00:00:00.0090000", "use 00:00:00.0100000 to 00:00:10.")]
    [InlineData("ReplicaAcks", "6", "use 0 to 5, or leave it empty (1 when Redis has replicas, else 0).")]
    [InlineData("ReplicaAckTimeout", "00:00:00.0090000", "use 00:00:00.0100000 up to less than IngressTimeout.")]
    [InlineData("StreamShards", "65", "use 1 to 64.")]
    public void Validate_ValueOutOfItsRange_NamesTheKeyAndWhatToUse(string key, string value, string use) =>
        Assert.Equal([$"EdgeGateway:Callbacks:{key} is {value}; {use}"], Problems((key, value)));

    [Fact]
    public void Validate_UnknownSerialWaitNotShorterThanIngressTimeout_SaysWhy() =>
        Assert.Equal(["EdgeGateway:Callbacks:UnknownSerialWait is 00:00:03; use a value less than IngressTimeout (00:00:03)."],
            Problems(("IngressTimeout", "00:00:03"), ("UnknownSerialWait", "00:00:03")));

    [Fact]
    public void Validate_MaxBackoffShorterThanInitialBackoff_SaysWhy() =>
        Assert.Equal(["EdgeGateway:Callbacks:MaxBackoff (00:00:30) must be at least as long as InitialBackoff (00:01:00)."],
            Problems(("InitialBackoff", "00:01:00"), ("MaxBackoff", "00:00:30")));

    [Fact]
    public void Validate_OrphanClaimNotLongerThanDeliveryTimeout_SaysWhy() =>
        Assert.Equal(["EdgeGateway:Callbacks:OrphanClaimAfter (00:00:30) must be longer than DeliveryTimeout (00:00:30), or live deliveries would be claimed twice."],
            Problems(("DeliveryTimeout", "00:00:30"), ("OrphanClaimAfter", "00:00:30")));

    [Fact]
    public void Validate_SeveralProblems_AreAllListedTogether_RangesAndRulesBetweenValues() =>
        Assert.Equal(
        [
            "EdgeGateway:Callbacks:MaxAttempts is 0; use at least 1.",
            "EdgeGateway:Callbacks:BackoffJitter is 2; use a fraction from 0 to 0.5.",
            "EdgeGateway:Callbacks:Concurrency is 0; use 1 to 256.",
            "EdgeGateway:Callbacks:OrphanClaimAfter (00:00:05) must be longer than DeliveryTimeout (00:00:10), or live deliveries would be claimed twice.",
        ], Problems(("MaxAttempts", "0"), ("Concurrency", "0"), ("BackoffJitter", "2"), ("OrphanClaimAfter", "00:00:05")));

    [Fact]
    public void Options_TheServicesRead_NeverThrow_TheStartReportIsTheGate()
    {
        // A running gateway re-reads appsettings.json on every edit: reading options must not start throwing then.
        var (problems, services) = HostSettings.Register<CallbackOptions, CallbackOptionsValidator>(CallbackOptions.SectionName, ("Concurrency", "0"));

        Assert.Equal(["EdgeGateway:Callbacks:Concurrency is 0; use 1 to 256."], problems);
        Assert.Equal(0, services.GetRequiredService<IOptionsMonitor<CallbackOptions>>().CurrentValue.Concurrency);
    }
}
