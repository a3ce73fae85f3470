namespace EdgeGateway.Callbacks;

/// <summary>
/// A rule over config/callbacks.json. It runs with the other configuration rules at start and on every
/// reload (so a bad file stops start-up, or is rejected while the last good routes keep serving), and the
/// route table runs it on the routes it is about to use.
/// </summary>
internal abstract class CallbackRouteRule(IConfiguration configuration) : Configuration.IGatewayConfigValidator
{
    public const string File = "config/callbacks.json";

    public void Validate(Configuration.GatewayConfigValidationContext context) => Check(CallbackRouteTable.Bind(configuration), context);

    public abstract void Check(IReadOnlyDictionary<string, CallbackRoute> routes, Configuration.GatewayConfigValidationContext context);

    protected static string Subject(string name) => $"callback '{name}'";
}
