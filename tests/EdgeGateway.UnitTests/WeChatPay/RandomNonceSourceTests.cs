using System.Text.RegularExpressions;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.UnitTests.WeChatPay;

public sealed partial class RandomNonceSourceTests
{
    [GeneratedRegex("^[0-9A-Za-z]{32}$")]
    private static partial Regex NonceShape();

    [Fact]
    public void Next_Always_Returns32AlphanumericCharacters()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.Matches(NonceShape(), RandomNonceSource.Instance.Next());
        }
    }

    [Fact]
    public void Next_TenThousandDraws_NeverRepeats()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(seen.Add(RandomNonceSource.Instance.Next()));
        }
    }

    [Fact]
    public void Next_TenThousandDraws_UseTheWholeBase62Alphabet()
    {
        // 320 000 characters over 62 symbols: each is expected ~5 000 times, so a missing one means a bug.
        var used = new HashSet<char>();

        for (var i = 0; i < 10_000; i++)
        {
            used.UnionWith(RandomNonceSource.Instance.Next());
        }

        Assert.Equal(62, used.Count);
    }

    [Fact]
    public void Instance_Always_IsTheSameObject()
    {
        Assert.Same(RandomNonceSource.Instance, RandomNonceSource.Instance);
    }
}
