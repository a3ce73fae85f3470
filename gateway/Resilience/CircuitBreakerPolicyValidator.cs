using System.Globalization;
using EdgeGateway.Configuration;

namespace EdgeGateway.Resilience;

/// <summary>Every circuit breaker policy holds values Polly accepts (it would refuse to build the breaker otherwise).</summary>
internal sealed class CircuitBreakerPolicyValidator : IGatewayConfigValidator
{
    public const int MostConsecutiveFailures = 1000;
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var (name, policy) in context.Policies.CircuitBreakers)
        {
            var subject = $"Policies.CircuitBreakers.{name}";
            if (policy.FailureRatio is not (> 0 and <= 1))
            {
                Report(context, subject, $"FailureRatio is {Text(policy.FailureRatio)}; it must be greater than 0 and at most 1 (0.5 opens the breaker when half the calls fail).");
            }

            if (policy.SamplingDuration < Shortest || policy.SamplingDuration > Longest)
            {
                Report(context, subject, $"SamplingDuration is {policy.SamplingDuration}; it must be between 00:00:00.5 and 1.00:00:00 (e.g. \"00:00:10\").");
            }

            if (policy.MinimumThroughput < 2)
            {
                Report(context, subject, $"MinimumThroughput is {policy.MinimumThroughput}; it must be at least 2 calls in the sampling window.");
            }

            if (policy.ConsecutiveFailures is < 0 or > MostConsecutiveFailures)
            {
                Report(context, subject, $"ConsecutiveFailures is {policy.ConsecutiveFailures}; it must be between 0 (off) and {MostConsecutiveFailures} failed calls in a row.");
            }

            if (policy.BreakDuration < Shortest || policy.BreakDuration > Longest)
            {
                Report(context, subject, $"BreakDuration is {policy.BreakDuration}; it must be between 00:00:00.5 and 1.00:00:00 (e.g. \"00:00:30\").");
            }
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Report(GatewayConfigValidationContext context, string subject, string message) =>
        context.Report(GatewayConfigValidationContext.PoliciesFile, subject, message);
}
