using EdgeGateway.Requests;
using Yarp.ReverseProxy.Forwarder;

namespace EdgeGateway.Caching;

/// <summary>The end of a coalesced upstream call, shared with every request that waited for it.</summary>
internal sealed record FlightOutcome(FlightOutcomeKind Kind, KeptAnswer? Answer = null, ForwarderError Error = ForwarderError.None, Exception? Exception = null)
{
    public static readonly FlightOutcome Abandoned = new(FlightOutcomeKind.Abandoned);

    public static readonly FlightOutcome Unshareable = new(FlightOutcomeKind.Unshareable);

    public static FlightOutcome Of(KeptAnswer answer) => new(FlightOutcomeKind.Answer, answer);

    public static FlightOutcome Failed(ForwarderError error, Exception? exception) => new(FlightOutcomeKind.ForwarderFailure, Error: error, Exception: exception);

    public static FlightOutcome Crashed(Exception exception) => new(FlightOutcomeKind.Crashed, Exception: exception);
}
