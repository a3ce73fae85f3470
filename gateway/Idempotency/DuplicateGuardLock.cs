namespace EdgeGateway.Idempotency;

/// <summary>The value a lock holds: a random owner token and the fingerprint of the request holding it.</summary>
internal static class DuplicateGuardLock
{
    public static string NewValue(string fingerprint) => Guid.NewGuid().ToString("N") + ":" + fingerprint;

    /// <summary>The holder's fingerprint, or null when the lock vanished meanwhile.</summary>
    public static string? Fingerprint(string? lockValue)
    {
        var separator = lockValue?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return separator < 0 ? null : lockValue![(separator + 1)..];
    }
}
