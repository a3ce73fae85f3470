using System.Diagnostics.CodeAnalysis;
using EdgeGateway.Configuration;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.Merchants;

/// <summary>
/// The merchants this gateway signs for, loaded once at start-up from key files or environment
/// variables. Every problem with every merchant is collected before failing, and no message ever
/// contains key material.
/// </summary>
public sealed class MerchantRegistry
{
    private readonly Dictionary<string, Merchant> _merchants;

    public MerchantRegistry(IEnumerable<Merchant> merchants, string? defaultMchId, IEnumerable<string>? configuredMchIds = null)
    {
        _merchants = merchants.ToDictionary(m => m.MchId, StringComparer.Ordinal);
        Default = string.IsNullOrEmpty(defaultMchId) ? null : _merchants.GetValueOrDefault(defaultMchId);
        ConfiguredMchIds = new HashSet<string>(configuredMchIds ?? _merchants.Keys, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<Merchant> All => _merchants.Values;

    /// <summary>
    /// Every mchid configured under EdgeGateway:Merchants, loaded or not: references to a merchant (callbacks) are
    /// checked against these, so a merchant whose key file is missing is reported once, for its key file.
    /// </summary>
    public IReadOnlySet<string> ConfiguredMchIds { get; }

    /// <summary>The merchant used when a request names none.</summary>
    public Merchant? Default { get; }

    public bool TryGet(string mchId, [NotNullWhen(true)] out Merchant? merchant) => _merchants.TryGetValue(mchId, out merchant);

    /// <summary>The refusal of a configuration without merchants outside the sandbox (the sandbox brings its own).</summary>
    public const string NoMerchantsProblem =
        "EdgeGateway:Merchants is empty and the sandbox is off, so no request could be signed or answer verified and the gateway would never become ready; " +
        "configure each merchant under EdgeGateway:Merchants:{mchid} (CertificateSerial, PrivateKeyFile, ApiV3KeyFile, and PlatformCertificateFiles or PublicKeyFile/PublicKeyId; see README, Merchants), " +
        "or set EdgeGateway:Sandbox:Enabled=true to try the gateway against the simulator.";

    /// <summary>Loads every configured merchant; relative paths are taken from <paramref name="baseDirectory"/>.</summary>
    public static MerchantRegistry Load(MerchantsOptions options, string baseDirectory, Func<string, string?> environment)
    {
        var errors = new List<string>();
        var registry = Load(options, baseDirectory, environment, errors, offlineWarnings: null);
        if (errors.Count > 0)
        {
            throw new GatewayConfigurationException(errors);
        }

        return registry;
    }

    /// <summary>
    /// Loads every merchant it can and lists every problem in <paramref name="errors"/>. With
    /// <paramref name="offlineWarnings"/> (offline validation, where secrets are usually absent) a key file that
    /// does not exist or an environment variable that is not set is listed there instead: the reference is
    /// well-formed, only the secret is not here.
    /// </summary>
    public static MerchantRegistry Load(MerchantsOptions options, string baseDirectory, Func<string, string?> environment, List<string> errors,
        List<string>? offlineWarnings, IEnumerable<string>? extraMchIds = null)
    {
        var merchants = new List<Merchant>();
        foreach (var (mchId, merchant) in options.Merchants)
        {
            var loaded = LoadOne(mchId, merchant, baseDirectory, environment, errors, offlineWarnings);
            if (loaded is not null)
            {
                merchants.Add(loaded);
            }
        }

        if (options.Merchants.Count == 0 && !(extraMchIds ?? []).Any())
        {
            // Without a merchant no request can be signed and no answer verified: the gateway would start and never become ready.
            errors.Add(NoMerchantsProblem);
        }

        if (options.DefaultMchId is { Length: > 0 } defaultMchId && !options.Merchants.ContainsKey(defaultMchId))
        {
            errors.Add($"EdgeGateway:DefaultMchId is '{defaultMchId}' but no merchant with that mchid is configured under EdgeGateway:Merchants.");
        }

        return new MerchantRegistry(merchants, options.DefaultMchId, options.Merchants.Keys.Concat(extraMchIds ?? []));
    }

    private static Merchant? LoadOne(string mchId, MerchantOptions options, string baseDirectory, Func<string, string?> environment, List<string> errors,
        List<string>? offlineWarnings)
    {
        var where = $"EdgeGateway:Merchants:{mchId}";
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(options.CertificateSerial))
        {
            errors.Add($"{where}:CertificateSerial is required: the serial of the merchant API certificate.");
        }

        System.Security.Cryptography.RSA? privateKey = null;
        string? privateKeyPem = null;
        if (options.Pkcs11 is not null && (options.PrivateKeyFile is not null || options.PrivateKeyEnv is not null))
        {
            errors.Add($"{where}: set only one key source: PrivateKeyFile, PrivateKeyEnv or Pkcs11.");
        }
        else if (options.Pkcs11 is not null)
        {
            privateKey = Pkcs11.Pkcs11KeyLoader.Load(where, options.Pkcs11, baseDirectory, environment, errors, offlineWarnings);
        }
        else
        {
            privateKeyPem = Secret(where, "PrivateKey", options.PrivateKeyFile, options.PrivateKeyEnv, baseDirectory, environment, errors, offlineWarnings);
        }

        var apiV3Text = Secret(where, "ApiV3Key", options.ApiV3KeyFile, options.ApiV3KeyEnv, baseDirectory, environment, errors, offlineWarnings);

        if (privateKeyPem is not null)
        {
            try
            {
                privateKey = PemKeys.LoadPrivateKey(privateKeyPem, where + ":PrivateKey");
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                errors.Add(ex.Message);
            }
        }

        ApiV3Key? apiV3Key = null;
        if (apiV3Text is not null && !ApiV3Key.TryCreate(apiV3Text, out apiV3Key, out var apiV3Error))
        {
            errors.Add($"{where}:ApiV3Key: {apiV3Error}.");
        }

        var keys = new List<VerificationKey>();
        // A blank entry is skipped: an environment or command-line override can blank a file but not remove it.
        foreach (var file in options.PlatformCertificateFiles.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            try
            {
                keys.Add(VerificationKey.FromCertificate(PemKeys.LoadCertificateFile(Path.Combine(baseDirectory, file))));
            }
            catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
            {
                Sink(ex, errors, offlineWarnings).Add($"{where}:PlatformCertificateFiles: {ex.Message}");
            }
        }

        if (options.PublicKeyFile is not null || options.PublicKeyId is not null)
        {
            if (options.PublicKeyFile is null || options.PublicKeyId is null || !VerificationKey.IsPublicKeyId(options.PublicKeyId))
            {
                errors.Add($"{where}: public-key mode needs both PublicKeyFile and PublicKeyId, and the id starts with {VerificationKey.PublicKeyIdPrefix}.");
            }
            else
            {
                try
                {
                    keys.Add(VerificationKey.FromPublicKey(options.PublicKeyId, PemKeys.LoadPublicKeyFile(Path.Combine(baseDirectory, options.PublicKeyFile))));
                }
                catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException)
                {
                    Sink(ex, errors, offlineWarnings).Add($"{where}:PublicKeyFile: {ex.Message}");
                }
            }
        }

        if (errors.Count > before || privateKey is null || apiV3Key is null)
        {
            return null;
        }

        return new Merchant(new MerchantCredentials(mchId, options.CertificateSerial!.Trim().ToUpperInvariant(), privateKey), apiV3Key,
            new VerificationKeySet(keys));
    }

    /// <summary>Offline, a key file that is not here is a warning; one that is here but unreadable is an error.</summary>
    private static List<string> Sink(Exception ex, List<string> errors, List<string>? offlineWarnings) =>
        offlineWarnings is not null && ex is FileNotFoundException or DirectoryNotFoundException ? offlineWarnings : errors;

    private static string? Secret(string where, string name, string? file, string? env, string baseDirectory, Func<string, string?> environment, List<string> errors,
        List<string>? offlineWarnings)
    {
        if (file is not null && env is not null)
        {
            errors.Add($"{where}: set only one of {name}File and {name}Env.");
            return null;
        }

        if (file is not null)
        {
            var path = Path.Combine(baseDirectory, file);
            if (!File.Exists(path))
            {
                (offlineWarnings ?? errors).Add($"{where}:{name}File '{path}' does not exist{(offlineWarnings is null ? "." : " here (not checked offline; it must exist where the gateway runs).")}");
                return null;
            }

            return File.ReadAllText(path);
        }

        if (env is not null)
        {
            var value = environment(env);
            if (string.IsNullOrEmpty(value))
            {
                (offlineWarnings ?? errors).Add($"{where}:{name}Env names the environment variable '{env}', which is not set{(offlineWarnings is null ? "." : " here (not checked offline; it must be set where the gateway runs).")}");
            }

            return value;
        }

        errors.Add($"{where}: set {name}File (a path) or {name}Env (an environment variable name).");
        return null;
    }
}
