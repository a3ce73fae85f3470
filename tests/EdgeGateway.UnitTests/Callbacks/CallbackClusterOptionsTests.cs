using EdgeGateway.Callbacks;
using EdgeGateway.UnitTests.TestSupport;

namespace EdgeGateway.UnitTests.Callbacks;

/// <summary>The replica-confirmation and shard settings, and how a callback finds its shard.</summary>
public sealed class CallbackClusterOptionsTests
{
    [Fact]
    public void Validate_ReplicaAckTimeoutNotBelowIngressTimeout_SaysWhy() =>
        Assert.Equal(["EdgeGateway:Callbacks:ReplicaAckTimeout is 00:00:04; use a value less than IngressTimeout (00:00:04)."],
            HostSettings.Problems<CallbackOptions, CallbackOptionsValidator>(CallbackOptions.SectionName, ("ReplicaAckTimeout", "00:00:04")));

    [Theory]
    [InlineData("-1", "4")]
    [InlineData("6", "4")]
    [InlineData("1", "0")]
    [InlineData("1", "65")]
    public void Validate_ReplicaAcksOrShardsOutOfRange_IsOneProblem(string acks, string shards) =>
        Assert.Single(HostSettings.Problems<CallbackOptions, CallbackOptionsValidator>(CallbackOptions.SectionName, ("ReplicaAcks", acks), ("StreamShards", shards)));

    [Fact]
    public void Of_SameNotification_IsTheSameShardEveryTime_AndIdsSpreadOverAllShards()
    {
        var ids = Enumerable.Range(0, 400).Select(i => $"EV-{i}").ToList();

        var shards = ids.Select(id => CallbackShards.Of("1900000001", id, 4)).ToList();

        Assert.Equal(shards, ids.Select(id => CallbackShards.Of("1900000001", id, 4)));
        Assert.Equal([0, 1, 2, 3], shards.Distinct().Order());
        Assert.All(shards.GroupBy(s => s), g => Assert.InRange(g.Count(), 60, 140));
        Assert.Equal(0, CallbackShards.Of("1900000001", "EV-1", 1));
    }

    [Theory]
    [InlineData(0, "1700000000000-0", "1700000000000-0")]
    [InlineData(3, "1700000000000-5", "3:1700000000000-5")]
    public void EntryId_RoundTrips_AndShardZeroKeepsThePreShardForm(int shard, string streamId, string entryId)
    {
        Assert.Equal(entryId, CallbackShards.EntryId(shard, streamId));
        Assert.True(CallbackShards.TryParse(entryId, out var parsedShard, out var parsedId));
        Assert.Equal((shard, streamId), (parsedShard, parsedId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x:1-0")]
    [InlineData("0:1-0")]
    [InlineData("2:")]
    [InlineData("no-such-entry")]
    [InlineData("2:1700000000000")]
    public void TryParse_NotAnEntryIdOfThisGateway_IsFalse(string entryId) => Assert.False(CallbackShards.TryParse(entryId, out _, out _));

    [Fact]
    public void Tag_ShardZero_IsThePreShardHashTag() => Assert.Equal(["{callbacks}", "{callbacks:1}"], [CallbackShards.Tag(0), CallbackShards.Tag(1)]);
}
