namespace EdgeGateway.Configuration;

/// <summary>
/// Thrown at start-up when the configuration cannot be used; <see cref="Errors"/> lists every problem
/// found, each saying where and what to do, so one run shows them all.
/// </summary>
public sealed class GatewayConfigurationException(IReadOnlyList<string> errors)
    : Exception("The gateway configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => " - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
