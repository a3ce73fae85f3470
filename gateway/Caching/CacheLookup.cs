using EdgeGateway.Requests;

namespace EdgeGateway.Caching;

/// <summary>
/// What a lookup found: a fresh entry (with its age), or none. Either way it carries the generation of the order's
/// entries: a store succeeds only if no invalidation happened since, so an answer fetched before a callback can
/// never overwrite what the callback dropped.
/// </summary>
internal sealed record CacheLookup(KeptAnswer? Answer, TimeSpan Age, long Generation)
{
    public bool IsHit => Answer is not null;

    /// <summary>An entry was there but could not be read (another version's format, or damaged); it is overwritten on the next store.</summary>
    public bool Unreadable { get; init; }

    public static CacheLookup Miss(long generation) => new(null, TimeSpan.Zero, generation);
}
