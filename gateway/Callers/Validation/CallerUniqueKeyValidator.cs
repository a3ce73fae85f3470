using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>
/// Two callers with one key could not be told apart: each caller needs its own keys (a key listed twice for the
/// same caller, e.g. while rotating, is harmless and allowed).
/// </summary>
internal sealed class CallerUniqueKeyValidator(IOptionsMonitor<CallersOptions> options) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, caller) in CallerValidation.Callers(options))
        {
            foreach (var (key, hash) in caller.KeyHashes().Where(k => k.Value.Length > 0).DistinctBy(k => k.Value, StringComparer.OrdinalIgnoreCase))
            {
                if (!seen.TryAdd(hash, name))
                {
                    CallerValidation.Report(context, name, $"{key} is the same as caller '{seen[hash]}''s; give each calling service its own key.");
                }
            }
        }
    }
}
