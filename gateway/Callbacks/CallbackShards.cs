using System.Globalization;
using System.Text;

namespace EdgeGateway.Callbacks;

/// <summary>
/// Which stream shard a callback lives in, and how a shard travels inside entry ids. Shard 0 is the key family the
/// gateway used before shards (<c>{callbacks}</c>) and its entry ids stay bare stream ids; shard n &gt; 0 is
/// <c>{callbacks:n}</c> and its ids are <c>n:&lt;stream id&gt;</c>.
/// </summary>
internal static class CallbackShards
{
    /// <summary>The hash tag of <paramref name="shard"/>: every key of one shard is in one Redis Cluster slot.</summary>
    public static string Tag(int shard) => shard == 0 ? "{callbacks}" : string.Create(CultureInfo.InvariantCulture, $"{{callbacks:{shard}}}");

    /// <summary>
    /// FNV-1a over merchant and notification id: the same on every instance and every run (string.GetHashCode is not),
    /// so a re-sent notification lands in the shard that holds its dedupe key.
    /// </summary>
    public static int Of(string mchId, string notificationId, int shards)
    {
        if (shards <= 1)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(mchId + "\n" + notificationId))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }

    public static string EntryId(int shard, string streamId) => shard == 0 ? streamId : string.Create(CultureInfo.InvariantCulture, $"{shard}:{streamId}");

    /// <summary>Splits an entry id; false when it is not one this gateway made.</summary>
    public static bool TryParse(string entryId, out int shard, out string streamId)
    {
        var colon = entryId.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            (shard, streamId) = (0, entryId);
            return IsStreamId(entryId);
        }

        streamId = entryId[(colon + 1)..];
        return int.TryParse(entryId.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out shard) && shard > 0 && IsStreamId(streamId);
    }

    /// <summary>
    /// A stream entry id as Redis makes them, <c>&lt;ms&gt;-&lt;seq&gt;</c>. Anything else Redis refuses as an argument
    /// (an error) rather than finding it absent, so it is no entry id of this gateway.
    /// </summary>
    private static bool IsStreamId(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
               && ulong.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out _)
               && ulong.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
