namespace EdgeGateway.Simulator.Faults;

/// <summary>Holds the current fault settings; tests and the control endpoint replace them at run time.</summary>
public sealed class FaultInjector(FaultSettings initial)
{
    private volatile FaultSettings _current = initial;

    public FaultSettings Current
    {
        get => _current;
        set => _current = value ?? new FaultSettings();
    }

    /// <summary>Clears every fault.</summary>
    public void Reset() => _current = new FaultSettings();

    internal static bool Roll(double rate) => rate > 0 && (rate >= 1 || Random.Shared.NextDouble() < rate);
}
