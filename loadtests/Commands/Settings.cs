namespace EdgeGateway.LoadTests.Commands;

/// <summary>Gateway configuration every load run applies (command-line keys for the gateway process).</summary>
internal static class Settings
{
    /// <summary>The key the runner sends as X-Api-Key, when the gateway authenticates callers.</summary>
    public static string? ApiKey => null;

    public static IDictionary<string, string> GatewaySettings() => new Dictionary<string, string>();
}
