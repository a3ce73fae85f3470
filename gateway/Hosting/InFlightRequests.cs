namespace EdgeGateway.Hosting;

/// <summary>Requests being served right now, counted so that a shutdown can say what it is waiting for.</summary>
internal sealed class InFlightRequests
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Leave() => Interlocked.Decrement(ref _count);
}
