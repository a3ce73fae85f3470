using EdgeGateway.Certificates;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.Certificates;

public sealed class CertificateOptionsTests
{
    private static IReadOnlyList<string> Problems(params (string Key, string Value)[] settings) =>
        HostSettings.Problems<CertificateOptions, CertificateOptionsValidator>(CertificateOptions.SectionName, settings);

    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(Problems());

    [Theory]
    [InlineData("RefreshInterval", "12:00:00", "use a value from 00:01:00 to 11:00:00 (WeChat Pay requires a refresh more often than every 12 hours).")]
    [InlineData("RefreshJitter", "0.9", "use a fraction from 0 to 0.5.")]
    [InlineData("FailureRetryDelay", "00:00:00.5000000", "use at least 00:00:01.")]
    [InlineData("UnknownSerialRefreshInterval", "00:00:00", "use a value from 00:00:01 to 01:00:00.")]
    [InlineData("DownloadTimeout", "00:00:00", "use a positive duration such as \"00:00:10\".")]
    [InlineData("SharedWait", "-00:00:01", "use 00:00:00 or longer.")]
    [InlineData("MaxDownloadBytes", "1023", "use at least 1024.")]
    [InlineData("ExpiryWarning", "-1.00:00:00", "use 00:00:00 or longer.")]
    public void Validate_ValueOutOfItsRange_NamesTheKeyAndWhatToUse(string key, string value, string use) =>
        Assert.Equal([$"EdgeGateway:Certificates:{key} is {value}; {use}"], Problems((key, value)));

    [Fact]
    public void Validate_SeveralProblems_AreAllListedTogether() =>
        Assert.Equal(
        [
            "EdgeGateway:Certificates:RefreshInterval is 12:00:00; use a value from 00:01:00 to 11:00:00 (WeChat Pay requires a refresh more often than every 12 hours).",
            "EdgeGateway:Certificates:RefreshJitter is 0.9; use a fraction from 0 to 0.5.",
            "EdgeGateway:Certificates:MaxDownloadBytes is 0; use at least 1024.",
        ], Problems(("RefreshInterval", "12:00:00"), ("RefreshJitter", "0.9"), ("MaxDownloadBytes", "0")));
}
