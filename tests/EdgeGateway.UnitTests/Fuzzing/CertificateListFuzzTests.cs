using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the <c>GET /v3/certificates</c> answer (PROTOCOL.md §3.1): the list as a whole, each
/// entry, and the PEM inside a correctly sealed entry. A certificate may only ever be accepted when the
/// GCM tag vouches for it and its serial is the one named.
/// </summary>
public sealed class CertificateListFuzzTests
{
    private const int Iterations = 4_000;
    private static readonly ApiV3Key Key = ApiV3Key.Create("0123456789abcdefghijklmnopqrstuv");
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly PlatformCertificate Certificate = PlatformCertificate.Create("fuzz", Now.AddDays(-1), Now.AddYears(5));

    [Fact]
    public void TryParse_MutatedAnswers_AcceptOnlyTheSealedCertificate()
    {
        var answer = Answer(Certificate.CertificatePem);
        Assert.True(PlatformCertificateList.TryParse(Encoding.UTF8.GetBytes(answer), Key, Now, out var valid, out _));
        Assert.Single(valid!.Accepted);

        var bytes = new Mutator(seed: 31);
        var structure = new JsonMutator(seed: 32);
        for (var i = 0; i < Iterations; i++)
        {
            var input = i % 2 == 0 ? bytes.Mutate(Encoding.UTF8.GetBytes(answer)) : Encoding.UTF8.GetBytes(structure.Mutate(answer));
            if (PlatformCertificateList.TryParse(input, Key, Now, out var list, out var error))
            {
                Assert.All(list!.Accepted, key => Assert.Equal(Certificate.Serial, key.Serial, ignoreCase: true));
                Assert.All(list.Rejected, rejected => Assert.False(string.IsNullOrEmpty(rejected.Reason)));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error), $"iteration {i}: failed without saying why");
            }
        }
    }

    [Fact]
    public void TryParse_MutatedPemSealedWithTheRightKey_IsAcceptedOnlyAsTheNamedCertificate()
    {
        var mutator = new Mutator(seed: 33);
        for (var i = 0; i < Iterations / 4; i++)
        {
            var pem = mutator.Mutate(Certificate.CertificatePem);
            Assert.True(PlatformCertificateList.TryParse(Encoding.UTF8.GetBytes(Answer(pem)), Key, Now, out var list, out _), $"iteration {i}");
            if (list!.Accepted.Count == 1)
            {
                // Base64 and PEM tolerate some changes (whitespace, text around the armour): only the same certificate may come out.
                Assert.Equal(Certificate.Serial, list.Accepted[0].Serial, ignoreCase: true);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(Assert.Single(list.Rejected).Reason));
            }
        }
    }

    /// <summary>Found by this fuzzer: a serial_no that is not UTF-8 threw InvalidOperationException out of TryParse.</summary>
    [Theory]
    [InlineData("7b2264617461223a5b7b2273657269616c5f6e6f223a2241ff42227d5d7d")]
    [InlineData("7b2264617461223a5b7b2273657269616c5f6e6f223a225c7564383030227d5d7d")]
    public void TryParse_Regression_SerialThatIsNotUnicode_IsRefusedNotAnException(string hex)
    {
        Assert.False(PlatformCertificateList.TryParse(Convert.FromHexString(hex), Key, Now, out _, out var error));
        Assert.Equal("the answer is not UTF-8 text (invalid bytes or a lone surrogate escape)", error);
    }

    private static string Answer(string pem) => new JsonObject
    {
        ["data"] = new JsonArray(new JsonObject
        {
            ["serial_no"] = Certificate.Serial,
            ["effective_time"] = "2026-01-01T00:00:00+08:00",
            ["expire_time"] = "2031-01-01T00:00:00+08:00",
            ["encrypt_certificate"] = new JsonObject
            {
                ["algorithm"] = AeadAesGcm.AlgorithmName,
                ["nonce"] = "abcdefghijkl",
                ["associated_data"] = PlatformCertificateList.AssociatedData,
                ["ciphertext"] = AeadAesGcm.Encrypt(Key, "abcdefghijkl", PlatformCertificateList.AssociatedData, pem),
            },
        }),
    }.ToJsonString();
}
