using System.Text.Json;
using EdgeGateway.Configuration;
using EdgeGateway.Quotas;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Quotas;

public sealed class QuotaUserResolverTests
{
    private static readonly JsonElement Body = JsonDocument.Parse("""{"payer":{"openid":"oUpF8uMuAJO","n":42},"amount":{"total":1}}""").RootElement;

    [Theory]
    [InlineData("payer.openid", "oUpF8uMuAJO")]
    [InlineData("payer.n", "42")]
    [InlineData("payer.missing", null)]
    [InlineData("amount.total.deeper", null)]
    public void Resolve_JsonField_FollowsTheDottedPath(string path, string? expected)
    {
        Assert.Equal(expected, QuotaUserResolver.Resolve(new QuotaUserDimension { JsonField = path }, new HeaderDictionary(), Body));
    }

    [Fact]
    public void Resolve_Header_TakesItsValue_AndNoneWithoutIt()
    {
        var dimension = new QuotaUserDimension { Header = "X-User-Id" };

        Assert.Equal("u-1", QuotaUserResolver.Resolve(dimension, new HeaderDictionary { ["X-User-Id"] = "u-1" }, Body));
        Assert.Null(QuotaUserResolver.Resolve(dimension, new HeaderDictionary(), Body));
    }

    [Fact]
    public void Resolve_NoBody_NoUser()
    {
        Assert.Null(QuotaUserResolver.Resolve(new QuotaUserDimension { JsonField = "payer.openid" }, new HeaderDictionary(), null));
    }

    [Theory]
    [InlineData("""["payer"]""")]
    [InlineData("\"payer\"")]
    [InlineData("""{"payer":[{"openid":"o"}]}""")]
    [InlineData("""{"payer":{"openid":""}}""")]
    [InlineData("""{"payer":{"openid":null}}""")]
    public void Resolve_PathNotThere_NoUser(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Null(QuotaUserResolver.Resolve(new QuotaUserDimension { JsonField = "payer.openid" }, new HeaderDictionary(), document.RootElement));
    }

    [Fact]
    public void Keys_HashTheUser_AndKeepOneHashTagPerDecision()
    {
        var key = QuotaKeys.For("payer-orders", "shop", "oUpF8uMuAJO");

        Assert.DoesNotContain("oUpF8uMuAJO", key, StringComparison.Ordinal);
        Assert.StartsWith("quota:{payer-orders|shop|", key, StringComparison.Ordinal);
        Assert.EndsWith("}", key, StringComparison.Ordinal);
        Assert.Equal("quota:{payer-orders|shop|-}", QuotaKeys.For("payer-orders", "shop", null));
    }
}
