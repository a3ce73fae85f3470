namespace EdgeGateway.Callbacks;

/// <summary>What storing a callback at ingress gave.</summary>
internal enum AcceptOutcome
{
    /// <summary>Stored durably and queued for delivery: answer 204.</summary>
    Accepted,

    /// <summary>The same notification id was accepted before: answer 204, deliver nothing more.</summary>
    Duplicate,

    /// <summary>The store could not be reached: answer 500 so WeChat Pay sends it again.</summary>
    Unavailable,
}
