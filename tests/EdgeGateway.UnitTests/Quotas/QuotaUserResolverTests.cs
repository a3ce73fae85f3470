using System.Text;
using EdgeGateway.Quotas;
using Microsoft.AspNetCore.Http;

namespace EdgeGateway.UnitTests.Quotas;

public sealed class QuotaUserResolverTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"payer":{"openid":"oUpF8uMuAJO","n":42},"amount":{"total":1}}""");

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
    public void Resolve_BodyNotJson_NoUser()
    {
        Assert.Null(QuotaUserResolver.Resolve(new QuotaUserDimension { JsonField = "a" }, new HeaderDictionary(), Encoding.UTF8.GetBytes("--multipart")));
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
