using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of the callback envelope and its encrypted resource (PROTOCOL.md §4.1, §3.2). The
/// envelope parser sees bytes that passed the signature check, so it is fuzzed as if WeChat Pay itself had
/// signed a broken body; the decryption must only ever yield the plaintext that was sealed.
/// </summary>
public sealed class CallbackFuzzTests
{
    private const int Iterations = 10_000;
    private const string Nonce = "fuzzNonce123";
    private static readonly ApiV3Key Key = ApiV3Key.Create("a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb");
    private const string Plaintext = "{\"mchid\":\"1900000001\",\"out_trade_no\":\"1217752501201407033233368018\",\"trade_state\":\"SUCCESS\",\"amount\":{\"total\":100}}";

    [Fact]
    public void CallbackEnvelope_MutatedBytes_ParseOrFailCleanly_AndDecryptOnlyTheSealedPlaintext()
    {
        var envelope = Envelope(Plaintext);
        Assert.True(CallbackEnvelope.TryParse(envelope, out var valid, out _));
        Assert.True(valid!.TryDecrypt(Key, out _, out _));

        var mutator = new Mutator(seed: 21);
        for (var i = 0; i < Iterations; i++)
        {
            Check(mutator.Mutate(envelope), i);
        }
    }

    [Fact]
    public void CallbackEnvelope_MutatedStructure_ParseOrFailCleanly_AndDecryptOnlyTheSealedPlaintext()
    {
        var envelope = Encoding.UTF8.GetString(Envelope(Plaintext));
        var mutator = new JsonMutator(seed: 22);
        for (var i = 0; i < Iterations / 2; i++)
        {
            Check(Encoding.UTF8.GetBytes(mutator.Mutate(envelope)), i);
        }
    }

    [Fact]
    public void CallbackResource_MutatedPlaintextSealedWithTheRightKey_DecryptsToTheSealedTextOrFailsCleanly()
    {
        var mutator = new Mutator(seed: 23);
        var structural = new JsonMutator(seed: 24);
        for (var i = 0; i < Iterations / 2; i++)
        {
            var plaintext = i % 2 == 0 ? mutator.Mutate(Plaintext) : structural.Mutate(Plaintext);
            Assert.True(CallbackEnvelope.TryParse(Envelope(plaintext), out var envelope, out _), $"iteration {i}");
            if (envelope!.TryDecrypt(Key, out var decrypted, out var error))
            {
                Assert.Equal(plaintext, decrypted); // whatever its shape: a verified resource is WeChat Pay's, not refused here
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error), $"iteration {i}: failed without saying why");
            }
        }
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"event_type\":\"E\",\"resource\":{\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\"\",\"nonce\":\"\"}}")]
    [InlineData("{\"id\":\"a b\",\"event_type\":\"E\",\"resource\":{}}")]
    [InlineData("{\"id\":1,\"event_type\":\"E\",\"resource\":{}}")]
    [InlineData("{\"id\":\"a\",\"event_type\":\"E\",\"resource\":[]}")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    [InlineData("")]
    public void CallbackEnvelope_HostileEdgeCases_FailWithAReason(string body)
    {
        var parsed = CallbackEnvelope.TryParse(Encoding.UTF8.GetBytes(body), out var envelope, out var error);
        if (parsed)
        {
            Assert.False(envelope!.TryDecrypt(Key, out _, out error));
        }

        Assert.False(string.IsNullOrEmpty(error));
    }

    /// <summary>
    /// Found by this fuzzer: strings that System.Text.Json parses but cannot read (bytes that are not UTF-8,
    /// an escaped lone surrogate) threw InvalidOperationException out of TryParse; the ingress answered 500.
    /// </summary>
    [Theory]
    [InlineData("7b226964223a22ff222c226576656e745f74797065223a2245222c227265736f75726365223a7b7d7d")] // {"id":"\xFF",...}
    [InlineData("7b226964223a2261222c2273756d6d617279223a22c0af222c226576656e745f74797065223a2245227d")] // overlong '/' in summary
    [InlineData("7b226964223a225c7564383030222c226576656e745f74797065223a2245222c227265736f75726365223a7b7d7d")] // {"id":"\ud800",...}
    [InlineData("7b226964223a2261222c226576656e745f74797065223a2245222c2273756d6d617279223a225c756463303061227d")] // summary "\udc00a"
    public void CallbackEnvelope_Regression_TextThatIsNotUnicode_IsMalformedNotAnException(string hex)
    {
        Assert.False(CallbackEnvelope.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal("the body is not UTF-8 text (invalid bytes or a lone surrogate escape)", error);
    }

    private static void Check(byte[] body, int iteration)
    {
        if (!CallbackEnvelope.TryParse(body, out var envelope, out var error))
        {
            Assert.False(string.IsNullOrEmpty(error), $"iteration {iteration}: failed without saying why");
            return;
        }

        Assert.InRange(envelope!.Id.Length, 1, CallbackEnvelope.MaxIdLength);
        Assert.All(envelope.Id, c => Assert.InRange(c, '!', '~'));
        Assert.False(string.IsNullOrEmpty(envelope.EventType));
        if (envelope.TryDecrypt(Key, out var plaintext, out var decryptError))
        {
            // AEAD: whatever else changed in the envelope, a resource that opens is the one that was sealed.
            Assert.Equal(Plaintext, plaintext);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(decryptError), $"iteration {iteration}: decryption failed without saying why");
        }
    }

    private static byte[] Envelope(string plaintext)
    {
        var envelope = new JsonObject
        {
            ["id"] = "EV-018b7c3e-4b8a-4c3e-9c3b-000000000001",
            ["create_time"] = "2026-11-27T10:00:00+08:00",
            ["resource_type"] = "encrypt-resource",
            ["event_type"] = "TRANSACTION.SUCCESS",
            ["summary"] = "支付成功",
            ["resource"] = new JsonObject
            {
                ["original_type"] = "transaction",
                ["algorithm"] = AeadAesGcm.AlgorithmName,
                ["ciphertext"] = AeadAesGcm.Encrypt(Key, Nonce, "transaction", plaintext),
                ["associated_data"] = "transaction",
                ["nonce"] = Nonce,
            },
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }
}
