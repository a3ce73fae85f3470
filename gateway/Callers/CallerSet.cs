using System.Security.Cryptography;
using System.Text;

namespace EdgeGateway.Callers;

/// <summary>
/// One immutable generation of the configured callers. A request reads the registry's current set once, so a
/// reload in the middle of a request never mixes two generations.
/// </summary>
internal sealed class CallerSet(Caller[] callers, bool allowUnauthenticated, bool sandboxCaller)
{
    public IReadOnlyList<Caller> Callers => callers;

    public bool AllowsUnauthenticated { get; } = allowUnauthenticated;

    /// <summary>True when the built-in sandbox caller (key <see cref="CallerRegistry.SandboxApiKey"/>) is active.</summary>
    public bool HasSandboxCaller { get; } = sandboxCaller;

    /// <summary>
    /// Finds the caller with a key hash that matches; every key of every caller is compared in constant time,
    /// whatever matched first, so timing tells nothing about which keys exist or how many a caller has.
    /// </summary>
    public Caller? FindByKey(string apiKey)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(apiKey), presented);
        Caller? found = null;
        foreach (var caller in callers)
        {
            foreach (var hash in caller.KeyHashes)
            {
                if (CryptographicOperations.FixedTimeEquals(presented, hash))
                {
                    found ??= caller;
                }
            }
        }

        return found;
    }
}
