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

    public MerchantRegistry(IEnumerable<Merchant> merchants, string? defaultMchId)
    {
        _merchants = merchants.ToDictionary(m => m.MchId, StringComparer.Ordinal);
        Default = string.IsNullOrEmpty(defaultMchId) ? null : _merchants.GetValueOrDefault(defaultMchId);
    }

    public IReadOnlyCollection<Merchant> All => _merchants.Values;

    /// <summary>The merchant used when a request names none.</summary>
    public Merchant? Default { get; }

    public bool TryGet(string mchId, [NotNullWhen(true)] out Merchant? merchant) => _merchants.TryGetValue(mchId, out merchant);

    /// <summary>Loads every configured merchant; relative paths are taken from <paramref name="baseDirectory"/>.</summary>
    public static MerchantRegistry Load(GatewayOptions options, string baseDirectory, Func<string, string?> environment)
    {
        var errors = new List<string>();
        var merchants = new List<Merchant>();
        foreach (var (mchId, merchant) in options.Merchants)
        {
            var loaded = LoadOne(mchId, merchant, baseDirectory, environment, errors);
            if (loaded is not null)
            {
                merchants.Add(loaded);
            }
        }

        if (options.DefaultMchId is { Length: > 0 } defaultMchId && !options.Merchants.ContainsKey(defaultMchId))
        {
            errors.Add($"EdgeGateway:DefaultMchId is '{defaultMchId}' but no merchant with that mchid is configured under EdgeGateway:Merchants.");
        }

        if (errors.Count > 0)
        {
            throw new GatewayConfigurationException(errors);
        }

        return new MerchantRegistry(merchants, options.DefaultMchId);
    }

    private static Merchant? LoadOne(string mchId, MerchantOptions options, string baseDirectory, Func<string, string?> environment, List<string> errors)
    {
        var where = $"EdgeGateway:Merchants:{mchId}";
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(options.CertificateSerial))
        {
            errors.Add($"{where}:CertificateSerial is required: the serial of the merchant API certificate.");
        }

        var privateKeyPem = Secret(where, "PrivateKey", options.PrivateKeyFile, options.PrivateKeyEnv, baseDirectory, environment, errors);
        var apiV3Text = Secret(where, "ApiV3Key", options.ApiV3KeyFile, options.ApiV3KeyEnv, baseDirectory, environment, errors);

        System.Security.Cryptography.RSA? privateKey = null;
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
                errors.Add($"{where}:PlatformCertificateFiles: {ex.Message}");
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
                    errors.Add($"{where}:PublicKeyFile: {ex.Message}");
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

    private static string? Secret(string where, string name, string? file, string? env, string baseDirectory, Func<string, string?> environment, List<string> errors)
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
                errors.Add($"{where}:{name}File '{path}' does not exist.");
                return null;
            }

            return File.ReadAllText(path);
        }

        if (env is not null)
        {
            var value = environment(env);
            if (string.IsNullOrEmpty(value))
            {
                errors.Add($"{where}:{name}Env names the environment variable '{env}', which is not set.");
            }

            return value;
        }

        errors.Add($"{where}: set {name}File (a path) or {name}Env (an environment variable name).");
        return null;
    }
}
