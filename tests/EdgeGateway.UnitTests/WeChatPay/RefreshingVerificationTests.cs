using System.Globalization;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.WeChatPay;

/// <summary>Verify → refresh once on an unknown serial → verify again: the one path answers and callbacks share.</summary>
public sealed class RefreshingVerificationTests(PlatformKeysFixture keys) : IClassFixture<PlatformKeysFixture>
{
    private static readonly byte[] Body = "{\"prepay_id\":\"wx201410272009395522657a690389285100\"}"u8.ToArray();
    private readonly ResponseVerifier _verifier = new(new FakeTimeProvider(PlatformKeysFixture.Now));
    private int _refreshes;

    private SignedMessageHeaders Signed(byte[] body) =>
        ResponseSigner.Sign(keys.Certificate.PrivateKey, keys.Certificate.Serial, ProtocolVectors.Timestamp.ToString(CultureInfo.InvariantCulture), "c5ac7061fccab6bf3e254dcf98995b8c", body);

    private Func<string, CancellationToken, ValueTask<IVerificationKeyProvider?>> Refresh(IVerificationKeyProvider? result) => (_, _) =>
    {
        _refreshes++;
        return ValueTask.FromResult(result);
    };

    [Fact]
    public async Task VerifyAsync_KnownSerial_DoesNotRefresh()
    {
        var (result, refreshed) = await _verifier.VerifyAsync(Signed(Body), Body, new VerificationKeySet([keys.Certificate.Key]), Refresh(null), CancellationToken.None);

        Assert.True(result.IsValid);
        Assert.False(refreshed);
        Assert.Equal(0, _refreshes);
    }

    [Fact]
    public async Task VerifyAsync_UnknownSerial_RefreshesOnceAndVerifiesWithTheNewKeys()
    {
        var (result, refreshed) = await _verifier.VerifyAsync(Signed(Body), Body, new VerificationKeySet([keys.PublicKey.Key]),
            Refresh(new VerificationKeySet([keys.Certificate.Key])), CancellationToken.None);

        Assert.Equal(VerificationResult.Success(keys.Certificate.Serial), result);
        Assert.True(refreshed);
        Assert.Equal(1, _refreshes);
    }

    [Fact]
    public async Task VerifyAsync_UnknownSerialAndNothingNew_StaysUnknownSerial()
    {
        var (result, refreshed) = await _verifier.VerifyAsync(Signed(Body), Body, new VerificationKeySet([keys.PublicKey.Key]), Refresh(null), CancellationToken.None);

        Assert.Equal(VerificationFailure.UnknownSerial, result.Failure);
        Assert.True(refreshed);
        Assert.Equal(1, _refreshes);
    }

    [Fact]
    public async Task VerifyAsync_ForgedBodyUnderAKnownSerial_FailsWithoutRefreshing()
    {
        var (result, refreshed) = await _verifier.VerifyAsync(Signed(Body), "{\"prepay_id\":\"forged\"}"u8.ToArray(), new VerificationKeySet([keys.Certificate.Key]),
            Refresh(new VerificationKeySet([keys.Certificate.Key])), CancellationToken.None);

        Assert.Equal(VerificationFailure.SignatureMismatch, result.Failure);
        Assert.False(refreshed);
        Assert.Equal(0, _refreshes);
    }

    [Fact]
    public async Task VerifyAsync_NoWayToRefresh_ReportsTheUnknownSerial()
    {
        var (result, refreshed) = await _verifier.VerifyAsync(Signed(Body), Body, new VerificationKeySet([keys.PublicKey.Key]), null, CancellationToken.None);

        Assert.Equal(VerificationFailure.UnknownSerial, result.Failure);
        Assert.False(refreshed);
    }
}
