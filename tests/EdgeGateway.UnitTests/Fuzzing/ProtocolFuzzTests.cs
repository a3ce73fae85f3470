using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeGateway.Transforms.Http;
using EdgeGateway.Transforms.WeChatPay;
using EdgeGateway.UnitTests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.UnitTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of every protocol parser that sees outside bytes, with a fixed iteration budget.
/// Each input must end in a defined outcome — a value or the documented failure — never an unexpected
/// exception; and a changed signed input must never verify.
/// </summary>
public sealed class ProtocolFuzzTests
{
    private const int Iterations = 20_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);

    [Fact]
    public void AuthorizationHeader_MutatedHeaders_ParseOrFailCleanlyAndRoundTrip()
    {
        const string valid = "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",timestamp=\"1554208460\",serial_no=\"1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C\",signature=\"c2lnbmF0dXJl\"";
        var mutator = new Mutator(seed: 1);
        for (var i = 0; i < Iterations; i++)
        {
            var input = mutator.Mutate(valid);
            if (AuthorizationHeader.TryParse(input, out var header, out var error))
            {
                Assert.False(string.IsNullOrEmpty(header!.MchId) || string.IsNullOrEmpty(header.NonceStr) || string.IsNullOrEmpty(header.SerialNo)
                             || string.IsNullOrEmpty(header.Signature), $"iteration {i}: parsed with an empty field: {input}");
                Assert.True(AuthorizationHeader.TryParse(header.Format(), out var again, out _), $"iteration {i}: Format() does not re-parse: {input}");
                Assert.Equal(header, again);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error), $"iteration {i}: failed without saying why: {input}");
            }
        }
    }

    [Fact]
    public void ResponseVerifier_MutatedHeadersAndBody_NeverThrowAndNeverVerifyAChange()
    {
        using var platform = GeneratedPlatformKey.CreateCertificate(Now.AddDays(-1), Now.AddYears(1));
        var keys = new VerificationKeySet([platform.Key]);
        var verifier = new ResponseVerifier(new FakeTimeProvider(Now));
        var body = Encoding.UTF8.GetBytes("{\"prepay_id\":\"wx201410272009395522657a690389285100\"}");
        var ts = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signed = ResponseSigner.Sign(platform.PrivateKey, platform.Serial, ts, "nonce-0123456789", body);
        Assert.True(verifier.Verify(signed, body, keys).IsValid);

        var mutator = new Mutator(seed: 2);
        for (var i = 0; i < Iterations / 4; i++)
        {
            var field = mutator.Next(5);
            var headers = field switch
            {
                0 => signed with { Timestamp = mutator.Mutate(signed.Timestamp!) },
                1 => signed with { Nonce = mutator.Mutate(signed.Nonce!) },
                2 => signed with { Signature = mutator.Mutate(signed.Signature!) },
                3 => signed with { Serial = mutator.Mutate(signed.Serial!) },
                _ => signed,
            };
            var candidate = field == 4 ? mutator.Mutate(body) : body;
            var result = verifier.Verify(headers, candidate, keys);

            var signedContentChanged = headers.Timestamp != signed.Timestamp || headers.Nonce != signed.Nonce || !candidate.AsSpan().SequenceEqual(body);
            if (signedContentChanged)
            {
                Assert.False(result.IsValid, $"iteration {i}: a changed message verified (field {field})");
            }

            if (result.IsValid && headers.Signature != signed.Signature)
            {
                // Base64 tolerates whitespace: only an equivalent encoding of the same bytes may still verify.
                Assert.Equal(Convert.FromBase64String(signed.Signature!), Convert.FromBase64String(headers.Signature!));
            }
        }
    }

    [Fact]
    public void AeadAesGcm_MutatedCiphertextNonceAndAad_FailCleanly()
    {
        var key = ApiV3Key.Create("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
        const string nonce = "uluk4a9R25RW";
        const string aad = "transaction";
        var ciphertext = AeadAesGcm.Encrypt(key, nonce, aad, "{\"trade_state\":\"SUCCESS\"}");
        var mutator = new Mutator(seed: 3);
        for (var i = 0; i < Iterations / 4; i++)
        {
            var which = mutator.Next(3);
            var c = which == 0 ? mutator.Mutate(ciphertext) : ciphertext;
            var n = which == 1 ? mutator.Mutate(nonce) : nonce;
            var a = which == 2 ? mutator.Mutate(aad) : aad;
            var ok = AeadAesGcm.TryDecrypt(key, n, a, c, out var plaintext, out var error);
            if (ok)
            {
                Assert.Equal(nonce, n);
                Assert.Equal(aad, a);
                Assert.Equal("{\"trade_state\":\"SUCCESS\"}", plaintext);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }
    }

    [Fact]
    public async Task MediaUpload_MutatedMultipart_ReadOrFailCleanly()
    {
        const string contentType = "multipart/form-data; boundary=edge-boundary";
        var body = Encoding.UTF8.GetBytes(
            "--edge-boundary\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"filename\":\"a.png\",\"sha256\":\"00\"}\r\n" +
            "--edge-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--edge-boundary--\r\n");
        Assert.NotNull((await MediaUpload.ReadAsync(contentType, body)).Upload);
        var mutator = new Mutator(seed: 4);
        for (var i = 0; i < Iterations; i++)
        {
            var mutatedType = mutator.Next(10) == 0 ? mutator.Mutate(contentType) : contentType;
            var mutated = mutator.Mutate(body);
            var (upload, error) = await MediaUpload.ReadAsync(mutatedType, mutated);
            if (upload is not null)
            {
                Assert.True(mutated.AsSpan().IndexOf(upload.Meta) >= 0, $"iteration {i}: the meta returned is not part of the body");
                Assert.True(mutated.AsSpan().IndexOf(upload.File) >= 0, $"iteration {i}: the file returned is not part of the body");
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }
    }

    [Fact]
    public void PemKeys_MutatedPem_FailWithCryptographicExceptionOnly()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        var mutator = new Mutator(seed: 5);
        for (var i = 0; i < 500; i++)
        {
            try
            {
                using var loaded = PemKeys.LoadPrivateKey(mutator.Mutate(pem));
            }
            catch (CryptographicException ex)
            {
                Assert.DoesNotContain(pem[40..80], ex.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void JsonBodies_MutatedPrepayBodies_AreAmbiguousOrReadOneWayOnly()
    {
        // What request preparation relies on: a body the ambiguity check passes either is not JSON (JsonException) or
        // parses, every string in it reads, and no object has a member twice (checked here a second, independent way).
        var body = Encoding.UTF8.GetBytes("{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1900000001\",\"out_trade_no\":\"1217752501201407033233368018\",\"amount\":{\"total\":100},\"payer\":{\"openid\":\"o\\u0041\"}}");
        var mutator = new Mutator(seed: 6);
        var passed = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var mutated = mutator.Mutate(body);
            if (StrictJson.FindAmbiguity(mutated) is not null)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(mutated);
                AssertOneReading(document.RootElement, i);
                passed++;
            }
            catch (JsonException)
            {
            }
        }

        Assert.True(passed > 0, "no mutated body was valid JSON: the fuzzer tested nothing");
    }

    private static void AssertOneReading(JsonElement element, int iteration)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    Assert.True(names.Add(member.Name), $"iteration {iteration}: {member.Name} twice passed the ambiguity check");
                    AssertOneReading(member.Value, iteration);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertOneReading(item, iteration);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Number:
                Assert.True(element.TryGetDouble(out var number) && double.IsFinite(number), $"iteration {iteration}: a number beyond a double passed");
                break;
        }
    }
}
