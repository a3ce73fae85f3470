namespace EdgeGateway.Configuration;

/// <summary>
/// One rule over the whole configuration (routes, clusters, policies). Rules report every problem they
/// find into the context; they never throw for a bad configuration.
/// </summary>
public interface IGatewayConfigValidator
{
    void Validate(GatewayConfigValidationContext context);
}
