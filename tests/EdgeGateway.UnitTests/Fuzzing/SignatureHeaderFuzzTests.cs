using System.Globalization;
using System.Text;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the <c>Wechatpay-*</c> headers of answers and callbacks (PROTOCOL.md §2): all five at once,
/// including the signature type, and timestamps at the edges of what a number can be. Only a message whose
/// signed content is unchanged may verify.
/// </summary>
public sealed class SignatureHeaderFuzzTests
{
    private const int Iterations = 5_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    private static readonly string[] Timestamps =
    [
        "", " ", "-1", "0", "+1795000000", " 1795000000", "1795000000 ", "1795000000.0", "1,795,000,000", "1e9", "0x6AFCF500", "１７９５００００００",
        "9223372036854775807", "-9223372036854775808", "99999999999999999999", "001795000000", "1795000000\0", "1795000301", "1794999699",
    ];

    [Fact]
    public void Verify_EveryHeaderMutatedAtOnce_NeverThrows_AndOnlyUnchangedContentVerifies()
    {
        using var platform = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-1), Now.AddYears(1));
        var keys = new VerificationKeySet([platform.Key]);
        var verifier = new ResponseVerifier(new FakeTimeProvider(Now));
        var body = Encoding.UTF8.GetBytes("{\"id\":\"EV-1\",\"event_type\":\"TRANSACTION.SUCCESS\"}");
        var signed = ResponseSigner.Sign(platform.PrivateKey, platform.Serial, Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "nonce-0123456789", body)
            with { SignatureType = Rsa2048Signature.SchemeName };
        Assert.True(verifier.Verify(signed, body, keys).IsValid);

        var mutator = new Mutator(seed: 51);
        for (var i = 0; i < Iterations; i++)
        {
            var headers = new SignedMessageHeaders(
                Pick(mutator, signed.Timestamp!, Timestamps),
                Pick(mutator, signed.Nonce!, []),
                Pick(mutator, signed.Signature!, [WeChatPayHeaders.ProbePrefix + signed.Signature, signed.Signature + "=", ""]),
                Pick(mutator, signed.Serial!, [signed.Serial!.ToLowerInvariant(), "PUB_KEY_ID_0112300001092024101100397200000006", "0" + signed.Serial]),
                Pick(mutator, signed.SignatureType!, [null, "", "wechatpay2-sha256-rsa2048", "WECHATPAY2-SHA256-RSA2048 ", "WECHATPAY2-SM2-WITH-SM3"]));
            var result = verifier.Verify(headers, body, keys);
            if (result.IsValid)
            {
                Assert.Equal(signed.Timestamp, headers.Timestamp);
                Assert.Equal(signed.Nonce, headers.Nonce);
                Assert.True(string.IsNullOrEmpty(headers.SignatureType) || headers.SignatureType == Rsa2048Signature.SchemeName, $"iteration {i}: type '{headers.SignatureType}' verified");
                Assert.Equal(Convert.FromBase64String(signed.Signature!), Convert.FromBase64String(headers.Signature!));
            }
            else
            {
                Assert.NotEqual(VerificationFailure.None, result.Failure);
                Assert.False(string.IsNullOrEmpty(result.Describe()), $"iteration {i}: failed without saying why");
            }
        }
    }

    /// <summary>The original value (about half the time), a hostile value from the list, or a mutation.</summary>
    private static string? Pick(Mutator mutator, string original, string?[] hostile) => mutator.Next(4) switch
    {
        0 or 1 => original,
        2 when hostile.Length > 0 => hostile[mutator.Next(hostile.Length)],
        _ => mutator.Mutate(original),
    };
}
