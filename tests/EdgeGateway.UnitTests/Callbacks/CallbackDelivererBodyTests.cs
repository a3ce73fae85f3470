using System.Text;
using System.Text.Json;
using EdgeGateway.Callbacks;

namespace EdgeGateway.UnitTests.Callbacks;

public sealed class CallbackDelivererBodyTests
{
    [Theory]
    [InlineData("""{"transaction_id":"\ud83d"}""")]
    [InlineData("""{"total":1e400,"n":123456789012345678901234567890}""")]
    [InlineData("""[1,2]""")]
    [InlineData("\"bare\"")]
    public void Body_ResourceIsOneJsonValue_WritesItVerbatim(string plaintext)
    {
        using var body = JsonDocument.Parse(CallbackDeliverer.Body(Event(plaintext)));

        Assert.Equal(plaintext, body.RootElement.GetProperty("resource").GetRawText());
        Assert.False(body.RootElement.TryGetProperty("resource_text", out _));
    }

    [Fact]
    public void Body_ResourceNestedDeeperThanTheWritersDefault_WritesItVerbatim()
    {
        var plaintext = string.Concat(Enumerable.Repeat("[", 500)) + string.Concat(Enumerable.Repeat("]", 500));

        var bytes = CallbackDeliverer.Body(Event(plaintext));

        Assert.Contains("\"resource\":" + plaintext + "}", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("{\"a\":")]
    public void Body_ResourceIsNotJson_SendsNullAndTheTextInResourceText(string plaintext)
    {
        using var body = JsonDocument.Parse(CallbackDeliverer.Body(Event(plaintext)));

        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("resource").ValueKind);
        Assert.Equal(plaintext, body.RootElement.GetProperty("resource_text").GetString());
    }

    private static CallbackEvent Event(string plaintext) => new()
    {
        Id = "EV-1", Name = "pay", MchId = "1900000001", EventType = "TRANSACTION.SUCCESS", Plaintext = plaintext,
    };
}
