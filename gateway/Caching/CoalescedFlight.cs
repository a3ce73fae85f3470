namespace EdgeGateway.Caching;

/// <summary>One upstream call that concurrent identical queries wait for.</summary>
internal sealed class CoalescedFlight(string? identityKey)
{
    private readonly TaskCompletionSource<FlightOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The order/refund the query is about (<see cref="StatusIdentity.Key"/>), so invalidation can detach it.</summary>
    public string? IdentityKey { get; } = identityKey;

    public Task<FlightOutcome> Outcome => _outcome.Task;

    public void Complete(FlightOutcome outcome) => _outcome.TrySetResult(outcome);
}
