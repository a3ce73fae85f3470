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
    public async Task Next_DrawnFromManyThreadsAtOnce_NeverRepeats()
    {
        // The one instance serves every request thread: concurrent draws must stay unique and well formed.
        var draws = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 2_000).Select(_ => RandomNonceSource.Instance.Next()).ToList())));

        var all = draws.SelectMany(d => d).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, nonce => Assert.Matches(NonceShape(), nonce));
    }
}
