using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>
/// A caller's keys are configured as SHA-256 hashes: exactly 64 hex digits each, in <c>ApiKeySha256</c> and/or
/// <c>ApiKeySha256s</c> (the list that holds the old and the new key while one is rotated); at least one.
/// </summary>
internal sealed class CallerApiKeyHashValidator(IOptionsMonitor<CallersOptions> options) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, caller) in CallerValidation.Callers(options))
        {
            var keys = caller.KeyHashes().ToList();
            if (keys.Count == 0)
            {
                // The message of a caller with no key at all is the one for ApiKeySha256, the usual place of the only key.
                keys.Add((nameof(CallerOptions.ApiKeySha256), string.Empty));
            }

            foreach (var (key, value) in keys.Where(k => !CallerRegistry.TryParseHash(k.Value, out _)))
            {
                CallerValidation.Report(context, name,
                    $"{key} must be the SHA-256 of the caller's API key as 64 hex digits (printf %s \"$KEY\" | sha256sum); never configure the key itself.");
            }
        }
    }
}
