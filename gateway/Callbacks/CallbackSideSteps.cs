namespace EdgeGateway.Callbacks;

/// <summary>
/// The steps around a verified, decrypted callback that are not its storage: each catches its own failure, which is
/// logged (event 1435) and counted (<c>edgegateway.callbacks.side_step_failures</c>, tag <c>step</c>), and never
/// changes the answer. The values are the tag values.
/// </summary>
internal static class CallbackSideSteps
{
    /// <summary>Dropping the cached status of the order or refund the resource names.</summary>
    public const string StatusCacheInvalidation = "status_cache_invalidation";

    /// <summary>Waking this instance's delivery worker at once (else it finds the event at its next poll).</summary>
    public const string WakeWorker = "wake_worker";

    /// <summary>The accepted/duplicate metric and log line.</summary>
    public const string Record = "record";
}
