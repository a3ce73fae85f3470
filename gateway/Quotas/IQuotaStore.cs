namespace EdgeGateway.Quotas;

/// <summary>Where quota state lives: Redis (shared by every instance) or this process's memory.</summary>
internal interface IQuotaStore
{
    /// <summary>Checks every window and, only if all admit, consumes one request from each, atomically.</summary>
    Task<QuotaDecision> DecideAsync(QuotaRequest request);
}
