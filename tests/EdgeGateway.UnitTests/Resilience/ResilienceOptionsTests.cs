using EdgeGateway.Resilience;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.Resilience;

public sealed class ResilienceOptionsTests
{
    private static IReadOnlyList<string> Problems(params (string Key, string Value)[] settings) =>
        HostSettings.Problems<ResilienceOptions, ResilienceOptionsValidator>(ResilienceOptions.SectionName, settings);

    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(Problems());

    [Theory]
    [InlineData("ConnectTimeout", "00:00:00", "use a positive duration such as \"00:00:03\".")]
    [InlineData("DefaultReactivationPeriod", "-00:00:01", "use a positive duration such as \"00:00:30\".")]
    public void Validate_ValueOutOfItsRange_NamesTheKeyAndWhatToUse(string key, string value, string use) =>
        Assert.Equal([$"EdgeGateway:Resilience:{key} is {value}; {use}"], Problems((key, value)));

    [Fact]
    public void Validate_SeveralProblems_AreAllListedTogether() =>
        Assert.Equal(2, Problems(("ConnectTimeout", "00:00:00"), ("DefaultReactivationPeriod", "00:00:00")).Count);
}
