using System.Text;
using EdgeGateway.Idempotency;

namespace EdgeGateway.UnitTests.Idempotency;

/// <summary>The guard keeps its answers in the status cache's form, and still reads the JSON an earlier version kept.</summary>
public sealed class StoredAnswerTests
{
    private static readonly DateTimeOffset KeptAt = new(2026, 3, 2, 9, 0, 1, 250, TimeSpan.Zero);

    private static readonly byte[] PrepayBody = Encoding.UTF8.GetBytes("""{"prepay_id":"wx201410272009395522657a690389285100"}""");

    [Fact]
    public void Serialize_RoundTrips_FingerprintTimeAndTheAnswerByteForByte()
    {
        var stored = new StoredAnswer("9f86d081884c7d65", 200,
            [new("Content-Type", "application/json"), new("Request-ID", "08F78BB5AF0610D6E6CD8E2A22A3B0A7"), new("Wechatpay-Serial", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1")],
            PrepayBody, KeptAt);

        var copy = StoredAnswer.Deserialize(stored.Serialize());

        Assert.NotNull(copy);
        Assert.Equal("9f86d081884c7d65", copy.Fingerprint);
        Assert.Equal(KeptAt, copy.StoredAt);
        Assert.Equal(200, copy.Status);
        Assert.Equal(stored.Headers, copy.Headers);
        Assert.Equal(PrepayBody, copy.Body);
    }

    [Fact]
    public void Deserialize_TheJsonAnEarlierVersionKept_GivesTheSameAnswer()
    {
        // Exactly what the previous version wrote to Redis (System.Text.Json, short member names, body in base64).
        var earlier = """{"f":"9f86d081884c7d65","s":201,"h":[{"Key":"Content-Type","Value":"application/json"},{"Key":"Wechatpay-Nonce","Value":"abc"}],"b":"eyJwcmVwYXlfaWQiOiJ3eDEifQ==","t":"2026-03-02T09:00:01.25+00:00"}""";

        var stored = StoredAnswer.Deserialize(Encoding.UTF8.GetBytes(earlier));

        Assert.NotNull(stored);
        Assert.Equal("9f86d081884c7d65", stored.Fingerprint);
        Assert.Equal(201, stored.Status);
        Assert.Equal([new("Content-Type", "application/json"), new("Wechatpay-Nonce", "abc")], stored.Headers);
        Assert.Equal("""{"prepay_id":"wx1"}""", Encoding.UTF8.GetString(stored.Body));
        Assert.Equal(KeptAt, stored.StoredAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"s":200}""")]
    [InlineData("not an answer")]
    public void Deserialize_WhatNoVersionWrote_IsNull(string text) =>
        Assert.Null(StoredAnswer.Deserialize(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Deserialize_ADamagedBinaryForm_IsNull()
    {
        var bytes = new StoredAnswer("fp", 200, [], PrepayBody, KeptAt).Serialize();

        Assert.Null(StoredAnswer.Deserialize(bytes[..^1]));
        Assert.Null(StoredAnswer.Deserialize([.. bytes, 0]));
        bytes[0] = 3;
        Assert.Null(StoredAnswer.Deserialize(bytes));
    }
}
