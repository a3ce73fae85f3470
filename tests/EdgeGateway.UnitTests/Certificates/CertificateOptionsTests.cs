using EdgeGateway.Certificates;

namespace EdgeGateway.UnitTests.Certificates;

public sealed class CertificateOptionsTests
{
    [Fact]
    public void Validate_Defaults_HaveNoProblem() => Assert.Empty(new CertificateOptions().Validate());

    [Fact]
    public void Validate_RefreshIntervalOfTwelveHours_IsRefused()
    {
        Assert.Equal(["EdgeGateway:Certificates:RefreshInterval is 12:00:00; use a value from 00:01:00 to 11:00:00 (WeChat Pay requires a refresh more often than every 12 hours)."],
            new CertificateOptions { RefreshInterval = TimeSpan.FromHours(12) }.Validate());
    }

    [Fact]
    public void Validate_UnknownSerialIntervalZero_IsRefused()
    {
        Assert.Equal(["EdgeGateway:Certificates:UnknownSerialRefreshInterval is 00:00:00; use a value from 00:00:01 to 01:00:00."],
            new CertificateOptions { UnknownSerialRefreshInterval = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public void Validate_JitterAboveHalf_IsRefused()
    {
        Assert.Equal(["EdgeGateway:Certificates:RefreshJitter is 0.9; use a fraction from 0 to 0.5."],
            new CertificateOptions { RefreshJitter = 0.9 }.Validate());
    }
}
