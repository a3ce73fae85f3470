namespace EdgeGateway.Quotas;

/// <summary>
/// The check-and-consume of many quota decisions in one atomic script, on Redis's own clock (TIME), so any number
/// of gateway instances enforce one limit whatever their clocks say. It is <see cref="Gcra"/> step for step.
/// KEYS: every window key of every decision, in order. ARGV: the number of decisions, then per decision the number
/// of windows and per window its emission interval (µs) and limit. Returns per decision: allowed (1/0), retry
/// after (ms), then per window: remaining, reset (ms). A key lives exactly as long as its window is not full.
/// </summary>
internal static class RedisQuotaScript
{
    public const string Text = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local out = {}
        local k = 1
        local a = 2
        for _ = 1, tonumber(ARGV[1]) do
          local n = tonumber(ARGV[a])
          a = a + 1
          local tats = {}
          local allowed = true
          local retry = 0
          for w = 1, n do
            local interval = tonumber(ARGV[a])
            local limit = tonumber(ARGV[a + 1])
            a = a + 2
            local tat = tonumber(redis.call('GET', KEYS[k + w - 1]) or '0')
            if tat < now then tat = now end
            local allow_at = tat + interval - interval * limit
            if allow_at > now then
              allowed = false
              if allow_at - now > retry then retry = allow_at - now end
            end
            tats[w] = { tat, interval, limit }
          end
          out[#out + 1] = allowed and 1 or 0
          out[#out + 1] = math.ceil(retry / 1000)
          for w = 1, n do
            local tat = tats[w][1]
            local interval = tats[w][2]
            if allowed then
              tat = tat + interval
              redis.call('SET', KEYS[k + w - 1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
            end
            local remaining = math.floor((now + interval * tats[w][3] - tat) / interval)
            if remaining < 0 then remaining = 0 end
            out[#out + 1] = remaining
            out[#out + 1] = math.ceil((tat - now) / 1000)
          end
          k = k + n
        end
        return out
        """;
}
