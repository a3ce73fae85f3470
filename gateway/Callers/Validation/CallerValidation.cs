using EdgeGateway.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Callers.Validation;

/// <summary>What every caller rule needs: the configured callers and where their problems are reported.</summary>
internal static class CallerValidation
{
    public const string File = "appsettings.json";

    public static string Subject(string name) => $"EdgeGateway:Callers:{name}";

    /// <summary>The callers as the configuration holds them now (an options monitor follows reloads), in name order.</summary>
    public static IEnumerable<KeyValuePair<string, CallerOptions>> Callers(IOptionsMonitor<CallersOptions> options) =>
        options.CurrentValue.Callers.OrderBy(c => c.Key, StringComparer.Ordinal);

    public static void Report(GatewayConfigValidationContext context, string name, string message) => context.Report(File, Subject(name), message);
}
