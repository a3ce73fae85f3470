namespace EdgeGateway.Caching;

/// <summary>How the upstream call of a coalesced flight ended, as its waiting followers see it.</summary>
internal enum FlightOutcomeKind
{
    /// <summary>An answer (success or error) was written: every follower gets the same status, headers and body.</summary>
    Answer,

    /// <summary>The forward failed (unreachable, timeout): every follower gets the same 502/504.</summary>
    ForwarderFailure,

    /// <summary>The gateway failed with an exception: every follower gets 500.</summary>
    Crashed,

    /// <summary>The first request's own caller went away before an answer: the followers start over.</summary>
    Abandoned,

    /// <summary>The answer was too large to hand on: each follower goes upstream on its own.</summary>
    Unshareable,
}
