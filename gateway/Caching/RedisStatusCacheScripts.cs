namespace EdgeGateway.Caching;

/// <summary>
/// The status cache's Lua scripts. One hash per order/refund: field <c>g</c> is the generation, every other field
/// (a query path, which always starts with '/') is an entry <c>storedAtMs:expiresAtMs:payload</c>. Times come from
/// Redis's own clock, so instances with different clocks agree on ages and expiry. Each script touches one key, so
/// they also run on Redis Cluster.
/// </summary>
internal static class RedisStatusCacheScripts
{
    /// <summary>ARGV[1] variant → { now ms, generation, entry or "" }.</summary>
    public const string Lookup = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local v = redis.call('HMGET', KEYS[1], 'g', ARGV[1])
        return { string.format('%.0f', now), v[1] or '0', v[2] or '' }
        """;

    /// <summary>ARGV: variant, observed generation, ttl ms, payload → 1 stored, 0 the generation moved on.</summary>
    public const string Store = """
        local g = redis.call('HGET', KEYS[1], 'g') or '0'
        if g ~= ARGV[2] then
          return 0
        end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ttl = tonumber(ARGV[3])
        redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', now) .. ':' .. string.format('%.0f', now + ttl) .. ':' .. ARGV[4])
        if redis.call('PTTL', KEYS[1]) < ttl then
          redis.call('PEXPIRE', KEYS[1], ttl)
        end
        return 1
        """;

    /// <summary>ARGV[1] retention ms → the new generation; every entry is dropped.</summary>
    public const string Invalidate = """
        local g = redis.call('HINCRBY', KEYS[1], 'g', 1)
        for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
          if field ~= 'g' then
            redis.call('HDEL', KEYS[1], field)
          end
        end
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        return g
        """;
}
