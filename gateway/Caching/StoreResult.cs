namespace EdgeGateway.Caching;

/// <summary>What keeping an answer in the cache gave.</summary>
internal enum StoreResult
{
    Stored,

    /// <summary>The order/refund was invalidated after the answer was fetched: the answer may be stale, so it was dropped.</summary>
    Invalidated,

    /// <summary>The in-memory store is at <see cref="StatusCacheOptions.MemoryMaxEntries"/>.</summary>
    Full,
}
