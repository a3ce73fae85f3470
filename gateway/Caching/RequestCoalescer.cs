using System.Collections.Concurrent;

namespace EdgeGateway.Caching;

/// <summary>
/// The flights in progress in this instance, by query (signing merchant, route, path and query). The first request
/// for a query leads: it goes upstream; later identical ones follow: they wait for its outcome. A flight leaves the
/// table when its outcome is known (an answer stays until it is stored, so no request slips between the answer
/// and the cache), or when an invalidation detaches it so that later requests do not join an answer from before.
/// </summary>
internal sealed class RequestCoalescer
{
    private readonly ConcurrentDictionary<string, CoalescedFlight> _flights = new(StringComparer.Ordinal);
    private int _waiting;

    /// <summary>Flights in progress now.</summary>
    public int InFlight => _flights.Count;

    /// <summary>Followers waiting for a flight now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public static string FlightKey(string mchId, string routeId, string variant) => $"{mchId}\n{routeId}\n{variant}";

    /// <summary>Joins the flight for <paramref name="key"/>, or starts one; <c>Leads</c> says which.</summary>
    public (CoalescedFlight Flight, bool Leads) JoinOrLead(string key, string? identityKey)
    {
        var mine = new CoalescedFlight(identityKey);
        var flight = _flights.GetOrAdd(key, mine);
        return (flight, ReferenceEquals(flight, mine));
    }

    /// <summary>Waits for the flight's outcome as long as <paramref name="cancellationToken"/> allows.</summary>
    public async Task<FlightOutcome> FollowAsync(CoalescedFlight flight, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return await flight.Outcome.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Takes the flight out of the table (if it is still the one for the key).</summary>
    public void Remove(string key, CoalescedFlight flight) => _flights.TryRemove(new KeyValuePair<string, CoalescedFlight>(key, flight));

    /// <summary>Detaches every flight about an order/refund whose state just changed; their followers still get their answer.</summary>
    public void Detach(string identityKey)
    {
        foreach (var entry in _flights)
        {
            if (entry.Value.IdentityKey == identityKey)
            {
                _flights.TryRemove(entry);
            }
        }
    }
}
