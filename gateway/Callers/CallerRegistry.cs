using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EdgeGateway.Callers;

/// <summary>
/// The configured callers, and the one place an API key is checked: the presented key is hashed and compared
/// with every key hash of every caller in constant time (no early exit), so timing tells nothing about which keys
/// exist. The callers are replaced as a whole when a validated configuration reload changes them
/// (<see cref="CallerReloader"/>); readers take <see cref="Current"/> once per request.
/// </summary>
internal sealed class CallerRegistry
{
    /// <summary>The key of the sandbox caller; documented in the README, accepted only while the sandbox is on.</summary>
    public const string SandboxApiKey = "sandbox-api-key";

    public const string SandboxCallerName = "sandbox";

    private readonly bool _sandboxEnabled;
    private volatile CallerSet _current;

    private CallerRegistry(CallerSet current, bool sandboxEnabled)
    {
        _current = current;
        _sandboxEnabled = sandboxEnabled;
    }

    /// <summary>The callers in force now; take it once per request.</summary>
    public CallerSet Current => _current;

    public IReadOnlyList<Caller> Callers => _current.Callers;

    public bool AllowsUnauthenticated => _current.AllowsUnauthenticated;

    /// <summary>True when the built-in sandbox caller (key <see cref="SandboxApiKey"/>) is active.</summary>
    public bool HasSandboxCaller => _current.HasSandboxCaller;

    /// <summary>
    /// Builds the registry from configuration. Entries whose hashes cannot be parsed are left out here; the
    /// validators report them (and stop the gateway at start, or reject the reload). In the sandbox, with no callers
    /// configured, the sandbox caller stands in so that the README's curl works out of the box.
    /// </summary>
    public static CallerRegistry Create(CallersOptions options, bool sandboxEnabled) => new(Build(options, sandboxEnabled), sandboxEnabled);

    /// <summary>Replaces every caller at once with those of <paramref name="options"/> (already validated).</summary>
    public CallerSet Replace(CallersOptions options)
    {
        var set = Build(options, _sandboxEnabled);
        _current = set;
        return set;
    }

    /// <summary>Finds the caller whose key hash matches, in the callers in force now.</summary>
    public Caller? FindByKey(string apiKey) => _current.FindByKey(apiKey);

    private static CallerSet Build(CallersOptions options, bool sandboxEnabled)
    {
        var callers = new List<Caller>();
        foreach (var (name, caller) in options.Callers)
        {
            var hashes = new List<byte[]>();
            var valid = true;
            foreach (var (_, text) in caller.KeyHashes())
            {
                valid &= TryParseHash(text, out var hash);
                hashes.Add(hash);
            }

            byte[]? thumbprint = null;
            if (!valid || hashes.Count == 0
                || (caller.ClientCertificateThumbprint is { Length: > 0 } pin && !TryParseHash(pin.Replace(":", string.Empty, StringComparison.Ordinal), out thumbprint)))
            {
                continue;
            }

            callers.Add(new Caller(name, hashes, Set(caller.Routes), Set(caller.Groups), Set(caller.MchIds), thumbprint));
        }

        var sandboxCaller = sandboxEnabled && options.Callers.Count == 0;
        if (sandboxCaller)
        {
            callers.Add(new Caller(SandboxCallerName, [HashKey(SandboxApiKey)], Set([Caller.Wildcard]), Set([]), Set([Caller.Wildcard]), null));
        }

        return new CallerSet([.. callers], options.AllowUnauthenticatedCallers, sandboxCaller);
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
