using System.Globalization;
using System.Security.Cryptography;

namespace EdgeGateway.Idempotency;

/// <summary>The value a lock holds: an owner token unique to the request holding it, and that request's fingerprint.</summary>
internal static class DuplicateGuardLock
{
    /// <summary>This process's 64 random bits: owner tokens of two processes (instances, restarts) never meet.</summary>
    private static readonly string ProcessPart = RandomNumberGenerator.GetHexString(16, lowercase: true);

    private static long _issued;

    /// <summary>
    /// An owner token no other lock ever held, then the fingerprint: 32 lower-case hex digits, this process's random
    /// part and a count. The token must be unique, not secret (only a lock's own owner compares against it), and taking
    /// it costs no system call (<c>Guid.NewGuid</c> read <c>/dev/urandom</c> once per guarded request).
    /// </summary>
    public static string NewValue(string fingerprint) =>
        string.Create(CultureInfo.InvariantCulture, $"{ProcessPart}{Interlocked.Increment(ref _issued):x16}:{fingerprint}");

    /// <summary>The holder's fingerprint, or null when the lock vanished meanwhile.</summary>
    public static string? Fingerprint(string? lockValue)
    {
        var separator = lockValue?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return separator < 0 ? null : lockValue![(separator + 1)..];
    }
}
