using EdgeGateway.Configuration;

namespace EdgeGateway.Callbacks;

/// <summary>The name is the last path segment of the notify URL: letters, digits, '-' and '_' only.</summary>
internal sealed class CallbackRouteNameValidator(IConfiguration configuration) : CallbackRouteRule(configuration)
{
    public override void Check(IReadOnlyDictionary<string, CallbackRoute> routes, GatewayConfigValidationContext context)
    {
        foreach (var name in routes.Keys)
        {
            if (!IsValid(name))
            {
                context.Report(File, Subject(name),
                    "the name may use only letters, digits, '-' and '_' (at most 64 characters): it is the last segment of the notify URL /notify/{name}.");
            }
        }
    }

    public static bool IsValid(string name) => name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
