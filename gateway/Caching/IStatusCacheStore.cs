using EdgeGateway.Requests;

namespace EdgeGateway.Caching;

/// <summary>
/// Where cached statuses live: Redis, shared by every instance, or this process's memory. Entries of one order or
/// refund are filed together under its <see cref="StatusIdentity"/>, one per exact query (<c>variant</c>), with one
/// generation counter that invalidation increments. Failures surface as exceptions; <see cref="StatusCache"/> turns
/// them into misses.
/// </summary>
internal interface IStatusCacheStore
{
    /// <summary>"redis" or "memory", for metrics and logs.</summary>
    string Kind { get; }

    Task<CacheLookup> LookupAsync(StatusIdentity identity, string variant);

    /// <summary>Keeps <paramref name="answer"/> for <paramref name="ttl"/> unless the generation moved on since <paramref name="generation"/>.</summary>
    Task<StoreResult> StoreAsync(StatusIdentity identity, string variant, long generation, KeptAnswer answer, TimeSpan ttl);

    /// <summary>Drops every entry of the identity and moves its generation on (remembered for <paramref name="retention"/>).</summary>
    Task InvalidateAsync(StatusIdentity identity, TimeSpan retention);
}
