namespace EdgeGateway.Quotas;

/// <summary>One check-and-consume: the quota's key (policy, caller, user) and its windows, all of which must admit.</summary>
internal sealed record QuotaRequest(string Key, GcraWindow[] Windows)
{
    /// <summary>The storage key of one window (the period is part of it, so a changed period starts afresh).</summary>
    public string WindowKey(int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Key}:{Windows[index].PeriodSeconds}");
}
