using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>Two callers with one key could not be told apart: each caller needs its own key.</summary>
internal sealed class CallerUniqueKeyValidator(IOptions<CallersOptions> options) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, caller) in CallerValidation.Callers(options))
        {
            if (caller.ApiKeySha256 is not { Length: > 0 } hash)
            {
                continue;
            }

            if (seen.TryGetValue(hash, out var first))
            {
                CallerValidation.Report(context, name, $"ApiKeySha256 is the same as caller '{first}''s; give each calling service its own key.");
            }
            else
            {
                seen[hash] = name;
            }
        }
    }
}
