namespace EdgeGateway.Configuration.Rules;

/// <summary>
/// A retried route's Timeout is longer than its retry budget. The budget is the longest the retries can spend
/// waiting: MaxRetries × MaxDelay (each backoff, and each honoured Retry-After, is at most MaxDelay). Every wait
/// ends when the route's Timeout does, so a Timeout within the budget could expire before the last retry is
/// even sent: the retries configured would never all happen.
/// </summary>
internal sealed class RouteTimeoutCoversRetriesValidator : IGatewayConfigValidator
{
    public static TimeSpan Budget(RetryPolicy policy) => policy.MaxDelay * policy.MaxRetries;

    public void Validate(GatewayConfigValidationContext context)
    {
        foreach (var route in context.Routes)
        {
            if (route.Timeout is not { } timeout || route.Metadata is null || !route.Metadata.TryGetValue(RouteMetadataKeys.Retry, out var name)
                || !context.Policies.Retries.TryGetValue(name, out var policy) || policy.MaxRetries <= 0)
            {
                continue; // no timeout, no retry, or an unknown policy: other rules report those
            }

            var budget = Budget(policy);
            if (timeout <= budget)
            {
                RouteRules.Report(context, route,
                    $"Timeout {timeout} is not longer than the retry budget of Retries.{name} ({policy.MaxRetries} retries × MaxDelay {policy.MaxDelay} = {budget}), so the timeout could end the request before the last retry; raise the Timeout above {budget}, or lower MaxRetries or MaxDelay in {GatewayConfigValidationContext.PoliciesFile}.");
            }
        }
    }
}
