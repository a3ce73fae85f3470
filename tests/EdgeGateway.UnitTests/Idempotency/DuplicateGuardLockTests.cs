using System.Collections.Concurrent;
using EdgeGateway.Idempotency;

namespace EdgeGateway.UnitTests.Idempotency;

/// <summary>A lock's owner token is what compare-and-delete trusts: it must never repeat, under any concurrency.</summary>
public sealed class DuplicateGuardLockTests
{
    [Fact]
    public void NewValue_IsAnOwnerTokenOf32HexDigits_ThenTheFingerprint()
    {
        var value = DuplicateGuardLock.NewValue("fp:with:colons");

        Assert.Matches("^[0-9a-f]{32}:fp:with:colons$", value);
        Assert.Equal("fp:with:colons", DuplicateGuardLock.Fingerprint(value));
    }

    [Fact]
    public async Task NewValue_NeverRepeats_AcrossThreads()
    {
        var seen = new ConcurrentDictionary<string, bool>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                Assert.True(seen.TryAdd(DuplicateGuardLock.NewValue("fp"), true), "an owner token repeated");
            }
        })));

        Assert.Equal(160_000, seen.Count);
        // One process's tokens share their random half; the count makes each one new.
        Assert.Single(seen.Keys.Select(k => k[..16]).Distinct());
    }
}
