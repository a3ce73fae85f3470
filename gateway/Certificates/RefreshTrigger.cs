namespace EdgeGateway.Certificates;

/// <summary>Why a refresh ran (a metric label).</summary>
internal enum RefreshTrigger
{
    /// <summary>The periodic refresh (and the first one at start).</summary>
    Scheduled,

    /// <summary>An answer or callback named a serial no held key matches (PROTOCOL.md §2.5).</summary>
    UnknownSerial,
}
