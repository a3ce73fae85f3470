using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class VerificationResultTests
{
    [Fact]
    public void Success_Serial_IsValidWithNoFailure()
    {
        var result = VerificationResult.Success("ABC");

        Assert.True(result.IsValid);
        Assert.Equal(VerificationFailure.None, result.Failure);
        Assert.Equal("ABC", result.Serial);
        Assert.Equal("signature verified", result.Describe());
    }

    public static TheoryData<VerificationFailure> Failures =>
        [.. Enum.GetValues<VerificationFailure>().Where(failure => failure != VerificationFailure.None)];

    [Theory]
    [MemberData(nameof(Failures))]
    public void Failed_AnyReason_IsInvalidAndDescribedInWords(VerificationFailure failure)
    {
        var result = VerificationResult.Failed(failure, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1");

        Assert.False(result.IsValid);
        Assert.Equal(failure, result.Failure);
        Assert.NotEqual(failure.ToString(), result.Describe());
        Assert.False(string.IsNullOrWhiteSpace(result.Describe()));
    }

    [Theory]
    [InlineData(VerificationFailure.UnknownSerial)]
    [InlineData(VerificationFailure.ExpiredKey)]
    [InlineData(VerificationFailure.SignatureMismatch)]
    public void Describe_KeyRelatedFailure_NamesTheSerial(VerificationFailure failure)
    {
        Assert.Contains("5157F09EFDC096DE15EBE81A47057A7232F1B8E1", VerificationResult.Failed(failure, "5157F09EFDC096DE15EBE81A47057A7232F1B8E1").Describe());
    }
}
