using EdgeGateway.Hosting;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.Hosting;

public sealed class ServerLimitsOptionsTests
{
    private static IReadOnlyList<string> Problems(params (string Key, string Value)[] settings) =>
        HostSettings.Problems<ServerLimitsOptions, ServerLimitsOptionsValidator>(ServerLimitsOptions.SectionName, settings);

    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(Problems());

    [Theory]
    [InlineData("MaxRequestHeaderCount", "15", "allow at least 16 (a v3 call carries about a dozen headers).")]
    [InlineData("MaxRequestHeadersTotalSize", "4095", "use at least 4096 bytes.")]
    [InlineData("MaxRequestLineSize", "1023", "use at least 1024 bytes.")]
    [InlineData("MaxRequestBodyBytes", "0", "use a positive number of bytes.")]
    [InlineData("RequestHeadersTimeout", "00:00:00", "write a positive duration such as \"00:00:10\".")]
    [InlineData("MinRequestBodyDataRate", "-1", "use 0 or more bytes per second.")]
    [InlineData("MinRequestBodyDataRateGracePeriod", "00:00:01", "use longer than 00:00:01 (Kestrel's minimum).")]
    [InlineData("RequestBodyTimeout", "-00:00:05", "write a positive duration such as \"00:00:10\" (the longest a request body may take to arrive).")]
    [InlineData("KeepAliveTimeout", "00:00:00", "write a positive duration such as \"00:02:00\".")]
    [InlineData("Http2MaxStreamsPerConnection", "0", "use at least 1.")]
    [InlineData("MaxConcurrentConnections", "0", "use at least 1, or leave it empty for no limit.")]
    public void Validate_ValueOutOfItsRange_NamesTheKeyAndWhatToUse(string key, string value, string use) =>
        Assert.Equal([$"EdgeGateway:ServerLimits:{key} is {value}; {use}"], Problems((key, value)));

    [Fact]
    public void Validate_SeveralProblems_AreAllListedTogether() =>
        Assert.Equal(
        [
            "EdgeGateway:ServerLimits:MaxRequestHeaderCount is 4; allow at least 16 (a v3 call carries about a dozen headers).",
            "EdgeGateway:ServerLimits:MaxRequestLineSize is 10; use at least 1024 bytes.",
            "EdgeGateway:ServerLimits:MinRequestBodyDataRateGracePeriod is 00:00:01; use longer than 00:00:01 (Kestrel's minimum).",
        ], Problems(("MaxRequestHeaderCount", "4"), ("MaxRequestLineSize", "10"), ("MinRequestBodyDataRateGracePeriod", "00:00:01")));
}
