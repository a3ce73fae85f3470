using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed class SensitiveFieldEncryptorTests
{
    private static readonly RSA PlatformKey = RSA.Create(2048);

    private static IReadOnlyList<SensitiveFieldPath> Paths(string list)
    {
        var paths = SensitiveFieldPath.ParseList(list, out var error);
        Assert.Null(error);
        return paths;
    }

    private static string Decrypt(JsonNode? node)
    {
        Assert.True(OaepEncryptor.TryDecrypt(PlatformKey, (string)node!, out var plaintext));
        return plaintext!;
    }

    [Fact]
    public void Encrypt_TopLevelAndEachElement_RoundTripsWithThePlatformPrivateKey()
    {
        const string body = """{"out_bill_no":"B2026120600001","user_name":"张三","receivers":[{"account":"o1","name":"李四"},{"account":"o2"},{"account":"o3","name":"Wang Wu"}]}""";

        var outcome = SensitiveFieldEncryptor.Encrypt(Encoding.UTF8.GetBytes(body), Paths("user_name, receivers[].name"), PlatformKey);

        Assert.Null(outcome.Problem);
        Assert.Equal(3, outcome.Encrypted);
        var sent = JsonNode.Parse(outcome.Body)!;
        Assert.Equal("张三", Decrypt(sent["user_name"]));
        Assert.Equal("李四", Decrypt(sent["receivers"]![0]!["name"]));
        Assert.Null(sent["receivers"]![1]!["name"]);
        Assert.Equal("Wang Wu", Decrypt(sent["receivers"]![2]!["name"]));
        Assert.Equal("B2026120600001", (string?)sent["out_bill_no"]);
        Assert.DoesNotContain("张三", Encoding.UTF8.GetString(outcome.Body!), StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypt_NoSensitiveFieldPresent_ReturnsTheBodyUnchanged()
    {
        var body = Encoding.UTF8.GetBytes("""{"appid":"wx1",  "out_bill_no":"B1"}""");

        var outcome = SensitiveFieldEncryptor.Encrypt(body, Paths("user_name"), PlatformKey);

        Assert.Equal(0, outcome.Encrypted);
        Assert.Equal(body, outcome.Body);
    }

    [Theory]
    [InlineData("""{"user_name":42}""", "user_name", "user_name", "not_a_string")]
    [InlineData("""{"receivers":{"name":"x"}}""", "receivers[].name", "receivers", "not_an_array")]
    [InlineData("""{"receivers":[{"name":"a"},{"name":true}]}""", "receivers[].name", "receivers[1].name", "not_a_string")]
    public void Encrypt_FieldOfTheWrongType_NamesTheFieldAndEncryptsNothing(string body, string path, string field, string problem)
    {
        var outcome = SensitiveFieldEncryptor.Encrypt(Encoding.UTF8.GetBytes(body), Paths(path), PlatformKey);

        Assert.Null(outcome.Body);
        Assert.Equal(field, outcome.Field);
        Assert.Equal(problem, outcome.Problem);
    }

    [Fact]
    public void Encrypt_PlaintextLongerThanOaepTakes_IsTooLongAndNotEchoed()
    {
        var name = new string('名', 72); // 216 UTF-8 bytes: two more than OAEP-SHA1 takes under a 2048-bit key

        var outcome = SensitiveFieldEncryptor.Encrypt(Encoding.UTF8.GetBytes($$"""{"user_name":"{{name}}"}"""), Paths("user_name"), PlatformKey);

        Assert.Equal("too_long", outcome.Problem);
        Assert.Equal("user_name", outcome.Field);
    }

    [Theory]
    [InlineData("user_name")]
    [InlineData("receivers[].name")]
    [InlineData("a.b[].c, d")]
    public void ParseList_ValidPaths_HasNoError(string list)
    {
        SensitiveFieldPath.ParseList(list, out var error);

        Assert.Null(error);
    }

    [Theory]
    [InlineData("receivers[]", "'receivers[]' is not a field path: write member names of letters, digits and _, joined by '.', with '[]' after an array (e.g. user_name, receivers[].name)")]
    [InlineData("user name", "'user name' is not a field path: write member names of letters, digits and _, joined by '.', with '[]' after an array (e.g. user_name, receivers[].name)")]
    [InlineData("user_name,", "'' is not a field path: write member names of letters, digits and _, joined by '.', with '[]' after an array (e.g. user_name, receivers[].name)")]
    [InlineData("a..b", "'a..b' is not a field path: write member names of letters, digits and _, joined by '.', with '[]' after an array (e.g. user_name, receivers[].name)")]
    [InlineData("user_name,user_name", "a field is listed twice")]
    public void ParseList_InvalidPath_SaysWhy(string list, string expected)
    {
        var paths = SensitiveFieldPath.ParseList(list, out var error);

        Assert.Empty(paths);
        Assert.Equal(expected, error);
    }
}
