using System.Text;
using System.Text.Json;
using EdgeGateway.Configuration;
using EdgeGateway.Quotas;
using EdgeGateway.Requests;
using EdgeGateway.Transforms.WeChatPay;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace EdgeGateway.UnitTests.Fuzzing;

/// <summary>
/// Mutation fuzzing of what the gateway reads out of a caller's request before signing it: the merchant and
/// order numbers (<see cref="RequestIdentifiers"/>) from the JSON body, the query and the path, and the quota's
/// end user from a dotted JSON path. Each input gives identifiers or none, never an exception; whatever is
/// found is text that the input really held.
/// </summary>
public sealed class RequestIdentifierFuzzTests
{
    private const int Iterations = 10_000;
    private const string Body = "{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1900000001\",\"sp_mchid\":\"1900000109\",\"out_trade_no\":\"1217752501201407033233368018\",\"out_refund_no\":\"R1217752501\",\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"},\"amount\":{\"total\":100}}";
    private const string Query = "mchid=1900000001&sp_mchid=1900000109&limit=10";
    private const string Path = "/v3/pay/transactions/out-trade-no/1217752501201407033233368018/close";

    [Fact]
    public void Extract_MutatedBodies_FindIdentifiersTheBodyHolds()
    {
        var bytes = new Mutator(seed: 41);
        var structure = new JsonMutator(seed: 42);
        for (var i = 0; i < Iterations; i++)
        {
            var body = i % 2 == 0 ? bytes.Mutate(Encoding.UTF8.GetBytes(Body)) : Encoding.UTF8.GetBytes(structure.Mutate(Body));
            JsonDocument document;
            try
            {
                // As request preparation reads it: a body that is not UTF-8 JSON is refused with 400 before extraction.
                if (StrictJson.FindAmbiguity(body) is not null)
                {
                    continue;
                }

                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                var identifiers = Read(document.RootElement, QueryCollection.Empty, "/v3/pay/transactions/jsapi", i);
                AssertHeldBy(identifiers, Encoding.UTF8.GetString(body), i);
                _ = QuotaUserResolver.Resolve(new QuotaUserDimension { JsonField = "payer.openid" }, new HeaderDictionary(), document.RootElement);
            }
        }
    }

    [Fact]
    public void Extract_MutatedQueriesAndPaths_FindIdentifiersTheRequestHolds()
    {
        var mutator = new Mutator(seed: 43);
        for (var i = 0; i < Iterations; i++)
        {
            var query = mutator.Mutate(Query);
            var path = i % 3 == 0 ? mutator.Mutate(Path) : Path;
            var identifiers = Read(null, new QueryCollection(QueryHelpers.ParseQuery(query)), path, i);
            AssertHeldBy(identifiers, Uri.UnescapeDataString(query.Replace('+', ' ')) + path, i);
        }
    }

    [Fact]
    public void Resolve_MutatedQuotaUserPaths_NeverThrow()
    {
        var mutator = new Mutator(seed: 44);
        using var document = JsonDocument.Parse(Body);
        for (var i = 0; i < Iterations / 4; i++)
        {
            var user = QuotaUserResolver.Resolve(new QuotaUserDimension { JsonField = mutator.Mutate("payer.openid") }, new HeaderDictionary(), document.RootElement);
            Assert.True(user is null || user.Length > 0, $"iteration {i}: an empty user");
        }
    }

    /// <summary>
    /// Found by this fuzzer: a body whose mchid is not UTF-8, or an escaped lone surrogate, parsed as JSON and then
    /// threw InvalidOperationException out of Extract; the gateway answered 500. Such bodies are now refused first.
    /// </summary>
    [Theory]
    [InlineData("{\"mchid\":\"\\ud800\"}")]
    [InlineData("{\"out_trade_no\":\"\\udfff1\"}")]
    [InlineData("{\"sp_mchid\":\"\\ud83d\\u0041\"}")]
    public void JsonText_Regression_LoneSurrogateEscapes_AreNotValidText(string body) =>
        Assert.False(JsonText.IsValid(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("7b226d6368696422c0af3a2231227d")]
    [InlineData("7b226d63686964223a2231393030c030303031227d")]
    [InlineData("7b226f75745f74726164655f6e6f223a22ff227d")]
    public void JsonText_Regression_BytesThatAreNotUtf8_AreNotValidText(string hex) =>
        Assert.False(JsonText.IsValid(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("{\"mchid\":\"1900000001\",\"payer\":{\"openid\":\"\\ud83d\\ude00\"}}")]
    [InlineData("{\"description\":\"Image\u5f62\u8c61\u5e97\"}")]
    [InlineData("not json at all")]
    public void JsonText_ValidTextOrNotJson_IsLeftToTheParser(string body) =>
        Assert.True(JsonText.IsValid(Encoding.UTF8.GetBytes(body)));

    /// <summary>Identifiers, or none with a problem that names a field and says what to send: never an exception.</summary>
    private static RequestIdentifiers Read(JsonElement? body, IQueryCollection query, string path, int iteration)
    {
        var shape = new RequestShape(RequestBodyKind.Json, MerchantFields.Either, iteration % 2 == 0 ? RequestIdentifiers.OutTradeNoField : null);
        if (RequestIdentifiers.TryRead(body, query, path, shape, out var identifiers, out var problem))
        {
            Assert.Null(problem);
            return identifiers;
        }

        Assert.False(string.IsNullOrEmpty(problem?.Field), $"iteration {iteration}: a problem without a field");
        Assert.False(string.IsNullOrEmpty(problem!.Message), $"iteration {iteration}: a problem without a message");
        Assert.Same(RequestIdentifiers.None, identifiers);
        return identifiers;
    }

    private static void AssertHeldBy(RequestIdentifiers identifiers, string input, int iteration)
    {
        foreach (var value in (string?[])[identifiers.MchId, identifiers.SpMchId, identifiers.OutTradeNo, identifiers.OutRefundNo])
        {
            if (value is null)
            {
                continue;
            }

            Assert.False(value.Length == 0, $"iteration {iteration}: an empty identifier");

            // Repeated query parameters are joined with commas. JSON writers escape other characters (&, +, quotes,
            // non-ASCII), so only parts made of plain characters are looked up verbatim in the input.
            foreach (var part in value.Split(','))
            {
                if (part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '%' or '?' or '=' or ':' or '*' or '|'))
                {
                    Assert.True(input.Contains(part, StringComparison.Ordinal), $"iteration {iteration}: '{part}' is not in the input");
                }
            }
        }
    }
}
