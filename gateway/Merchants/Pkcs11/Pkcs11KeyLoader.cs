using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>
/// Checks a merchant's <c>Pkcs11</c> settings, listing every problem, then (unless offline) loads the library,
/// logs in and finds the key. Messages name the merchant and the setting, never the PIN.
/// </summary>
internal static class Pkcs11KeyLoader
{
    public static RSA? Load(string where, Pkcs11KeyOptions options, string baseDirectory, Func<string, string?> environment, List<string> errors,
        List<string>? offlineWarnings, TimeProvider? timeProvider = null)
    {
        where += ":Pkcs11";
        var before = errors.Count;
        string? library = null;
        if (string.IsNullOrWhiteSpace(options.Library))
        {
            errors.Add($"{where}:Library is required: the path of the token's PKCS#11 library.");
        }
        else if (!File.Exists(library = Path.Combine(baseDirectory, options.Library)))
        {
            (offlineWarnings ?? errors).Add($"{where}:Library '{library}' does not exist{Here(offlineWarnings, "exist")}");
            library = null;
        }

        OneOf(where, "TokenLabel", options.TokenLabel, "Slot", options.Slot?.ToString(System.Globalization.CultureInfo.InvariantCulture), errors);
        OneOf(where, "KeyLabel", options.KeyLabel, "KeyId", options.KeyId, errors);
        byte[]? keyId = null;
        if (options.KeyId is { Length: > 0 } hex && options.KeyLabel is null && !TryHex(hex, out keyId))
        {
            errors.Add($"{where}:KeyId '{hex}' is not hex (the key's CKA_ID, e.g. 01a2).");
        }

        if (options.Sessions is < 1 or > 1024)
        {
            errors.Add($"{where}:Sessions is {options.Sessions}; it must be between 1 and 1024 (default {Pkcs11KeyOptions.DefaultSessions}, 2 × processors).");
        }

        var (pin, pinSetting) = Pin(where, options, baseDirectory, environment, errors, offlineWarnings);
        if (errors.Count > before || library is null || pin is null)
        {
            return null;
        }

        if (offlineWarnings is not null)
        {
            offlineWarnings.Add($"{where}: the token is not opened offline; validate with {Configuration.GatewayValidationMode.RequireSecretsOption} where the token is reachable to log in and find the key.");
            return null;
        }

        var location = new Pkcs11KeyLocation(where[..^":Pkcs11".Length], Path.GetFullPath(library), options.TokenLabel, options.Slot,
            options.KeyLabel, keyId, pinSetting!, options.Sessions ?? Pkcs11KeyOptions.DefaultSessions);
        return Connect(location, pin, timeProvider ?? TimeProvider.System, errors);
    }

    private static RSA? Connect(Pkcs11KeyLocation location, string pin, TimeProvider timeProvider, List<string> errors)
    {
        var where = location.Where + ":Pkcs11";
        var pool = new Pkcs11SessionPool(location, pin, timeProvider);
        try
        {
            pool.Connect();
            var parameters = pool.Use((session, key) => PublicParameters(session, key));
            if (parameters is null)
            {
                errors.Add($"{where}:{location.KeySetting}: the key with {location.KeyDescription} on {location.TokenDescription} is not an RSA key.");
                return null;
            }

            return new Pkcs11RsaKey(pool, parameters.Value);
        }
        catch (Pkcs11KeyNotFoundException ex)
        {
            errors.Add($"{where}:{ex.Setting}: {ex.Message}.");
        }
        catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_INVALID)
        {
            errors.Add($"{where}:{location.PinSetting}: {location.TokenDescription} refused the PIN ({ex.RV}); check the PIN, and note that repeated failures lock the token.");
        }
        catch (Pkcs11Exception ex) when (ex.RV is CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_EXPIRED)
        {
            errors.Add($"{where}:{location.PinSetting}: the user PIN of {location.TokenDescription} is locked or expired ({ex.RV}); the security officer must reset it.");
        }
        catch (Pkcs11Exception ex)
        {
            errors.Add($"{where}: {location.TokenDescription} in {location.LibraryPath} failed in {ex.Method} ({ex.RV}).");
        }
        catch (Exception ex) when (ex is UnmanagedException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            errors.Add($"{where}:Library '{location.LibraryPath}' could not be loaded as a PKCS#11 library: {ex.Message}");
        }

        return null;
    }

    /// <summary>The public half from the private key object (CKA_MODULUS, CKA_PUBLIC_EXPONENT); null when the key is not RSA.</summary>
    private static RSAParameters? PublicParameters(ISession session, IObjectHandle key)
    {
        var attributes = session.GetAttributeValue(key, [CKA.CKA_KEY_TYPE, CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
        if (attributes[0].CannotBeRead || attributes[0].GetValueAsUlong() != (ulong)CKK.CKK_RSA || attributes[1].CannotBeRead || attributes[2].CannotBeRead)
        {
            return null;
        }

        return new RSAParameters { Modulus = attributes[1].GetValueAsByteArray(), Exponent = attributes[2].GetValueAsByteArray() };
    }

    private static (string? Pin, string? Setting) Pin(string where, Pkcs11KeyOptions options, string baseDirectory, Func<string, string?> environment,
        List<string> errors, List<string>? offlineWarnings)
    {
        if (!OneOf(where, "PinEnv", options.PinEnv, "PinFile", options.PinFile, errors))
        {
            return (null, null);
        }

        if (options.PinEnv is { } name)
        {
            var value = environment(name);
            if (string.IsNullOrEmpty(value))
            {
                (offlineWarnings ?? errors).Add($"{where}:PinEnv names the environment variable '{name}', which is not set{Here(offlineWarnings, "be set")}");
                return (null, null);
            }

            return (value, "PinEnv");
        }

        var path = Path.Combine(baseDirectory, options.PinFile!);
        if (!File.Exists(path))
        {
            (offlineWarnings ?? errors).Add($"{where}:PinFile '{path}' does not exist{Here(offlineWarnings, "exist")}");
            return (null, null);
        }

        var pin = File.ReadAllText(path).TrimEnd('\r', '\n');
        if (pin.Length == 0)
        {
            errors.Add($"{where}:PinFile '{path}' is empty.");
            return (null, null);
        }

        return (pin, "PinFile");
    }

    private static bool OneOf(string where, string first, string? firstValue, string second, string? secondValue, List<string> errors)
    {
        var hasFirst = !string.IsNullOrWhiteSpace(firstValue);
        var hasSecond = !string.IsNullOrWhiteSpace(secondValue);
        if (hasFirst == hasSecond)
        {
            errors.Add(hasFirst ? $"{where}: set only one of {first} and {second}." : $"{where}: set {first} or {second}.");
        }

        return hasFirst != hasSecond;
    }

    private static bool TryHex(string hex, out byte[]? bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            bytes = null;
            return false;
        }
    }

    private static string Here(List<string>? offlineWarnings, string verb) =>
        offlineWarnings is null ? "." : $" here (not checked offline; it must {verb} where the gateway runs).";
}
