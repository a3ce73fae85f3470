using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EdgeGateway.Callers;

/// <summary>
/// The configured callers, and the one place an API key is checked: the presented key is hashed and compared
/// with every caller's hash in constant time (no early exit), so timing tells nothing about which keys exist.
/// </summary>
internal sealed class CallerRegistry
{
    /// <summary>The key of the sandbox caller; documented in the README, accepted only while the sandbox is on.</summary>
    public const string SandboxApiKey = "sandbox-api-key";

    public const string SandboxCallerName = "sandbox";

    private readonly Caller[] _callers;

    private CallerRegistry(Caller[] callers, bool allowUnauthenticated, bool sandboxCaller)
    {
        _callers = callers;
        AllowsUnauthenticated = allowUnauthenticated;
        HasSandboxCaller = sandboxCaller;
    }

    public IReadOnlyList<Caller> Callers => _callers;

    public bool AllowsUnauthenticated { get; }

    /// <summary>True when the built-in sandbox caller (key <see cref="SandboxApiKey"/>) is active.</summary>
    public bool HasSandboxCaller { get; }

    /// <summary>
    /// Builds the registry from configuration. Entries whose hash cannot be parsed are left out here; the
    /// validators report them (and stop the gateway at start). In the sandbox, with no callers configured, the
    /// sandbox caller stands in so that the README's curl works out of the box.
    /// </summary>
    public static CallerRegistry Create(CallersOptions options, bool sandboxEnabled)
    {
        var callers = new List<Caller>();
        foreach (var (name, caller) in options.Callers)
        {
            if (TryParseHash(caller.ApiKeySha256, out var hash))
            {
                byte[]? thumbprint = null;
                if (caller.ClientCertificateThumbprint is { Length: > 0 } text && !TryParseHash(text.Replace(":", string.Empty, StringComparison.Ordinal), out thumbprint))
                {
                    continue;
                }

                callers.Add(new Caller(name, hash, Set(caller.Routes), Set(caller.Groups), Set(caller.MchIds), thumbprint));
            }
        }

        var sandboxCaller = sandboxEnabled && options.Callers.Count == 0;
        if (sandboxCaller)
        {
            callers.Add(new Caller(SandboxCallerName, HashKey(SandboxApiKey), Set([Caller.Wildcard]), Set([]), Set([Caller.Wildcard]), null));
        }

        return new CallerRegistry([.. callers], options.AllowUnauthenticatedCallers, sandboxCaller);
    }

    /// <summary>Finds the caller whose key hash matches; every caller is compared, whatever matched first.</summary>
    public Caller? FindByKey(string apiKey)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(apiKey), presented);
        Caller? found = null;
        foreach (var caller in _callers)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, caller.KeyHash))
            {
                found ??= caller;
            }
        }

        return found;
    }

    /// <summary>True when the caller needs no certificate, or presented the one it is pinned to.</summary>
    public static bool CertificateMatches(Caller caller, X509Certificate2? certificate)
    {
        if (caller.CertificateThumbprint is null)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        Span<byte> thumbprint = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(certificate.RawDataMemory.Span, thumbprint);
        return CryptographicOperations.FixedTimeEquals(thumbprint, caller.CertificateThumbprint);
    }

    public static byte[] HashKey(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    /// <summary>64 hex digits (either case) → 32 bytes.</summary>
    public static bool TryParseHash(string? hex, out byte[] hash)
    {
        hash = [];
        if (hex is not { Length: SHA256.HashSizeInBytes * 2 } || !hex.All(Uri.IsHexDigit))
        {
            return false;
        }

        hash = Convert.FromHexString(hex);
        return true;
    }

    private static HashSet<string> Set(IEnumerable<string> values) => new(values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()), StringComparer.Ordinal);
}
