using EdgeGateway.Quotas;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.Quotas;

public sealed class QuotaOptionsTests
{
    private static IReadOnlyList<string> Problems(params (string Key, string Value)[] settings) =>
        HostSettings.Problems<QuotaOptions, QuotaOptionsValidator>(QuotaOptions.SectionName, settings);

    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(Problems());

    [Theory]
    [InlineData("MaxBatchSize", "1")]
    [InlineData("MaxBatchSize", "4096")]
    [InlineData("MaxConcurrentBatches", "64")]
    [InlineData("CircuitFailureRatio", "1")]
    [InlineData("CircuitMinimumThroughput", "2")]
    [InlineData("CircuitSamplingDuration", "00:00:00.5")]
    [InlineData("CircuitBreakDuration", "1.00:00:00")]
    public void Validate_TheEndsOfEachRange_AreAccepted(string key, string value) => Assert.Empty(Problems((key, value)));

    [Theory]
    [InlineData("MaxBatchSize", "0", "use 1 to 4096.")]
    [InlineData("MaxBatchSize", "100000", "use 1 to 4096.")]
    [InlineData("MaxConcurrentBatches", "0", "use 1 to 64.")]
    [InlineData("CircuitFailureRatio", "0", "use a share above 0 and at most 1, such as 0.5.")]
    [InlineData("CircuitFailureRatio", "1.5", "use a share above 0 and at most 1, such as 0.5.")]
    [InlineData("CircuitMinimumThroughput", "1", "use at least 2.")]
    [InlineData("CircuitSamplingDuration", "00:00:00.1000000", "use 00:00:00.5000000 to 1.00:00:00.")]
    [InlineData("CircuitBreakDuration", "2.00:00:00", "use 00:00:00.5000000 to 1.00:00:00.")]
    public void Validate_ValueOutOfItsRange_NamesTheKeyAndWhatToUse(string key, string value, string use) =>
        Assert.Equal([$"EdgeGateway:Quotas:{key} is {value}; {use}"], Problems((key, value)));
}
