namespace EdgeGateway.Configuration.Rules;

/// <summary>Every key of Policies is a section of the catalogue or a field of its policy type (a misspelt field would leave its default in force).</summary>
internal sealed class UnknownPolicyKeyValidator(IConfiguration configuration) : IGatewayConfigValidator
{
    public void Validate(GatewayConfigValidationContext context)
    {
        var policies = configuration.GetSection(PolicyCatalog.SectionName);
        var sections = PolicyBinder.Sections().ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var section in policies.GetChildren())
        {
            if (!sections.TryGetValue(section.Key, out var property))
            {
                context.Report(GatewayConfigValidationContext.PoliciesFile, PolicyCatalog.SectionName,
                    new UnknownKeys.Finding(section.Key, section.Key, [.. sections.Keys]).Describe("a section of the policy catalogue"));
                continue;
            }

            var policyType = property.PropertyType.GetGenericArguments()[1];
            foreach (var policy in section.GetChildren())
            {
                foreach (var finding in UnknownKeys.Find(policy, policyType))
                {
                    context.Report(GatewayConfigValidationContext.PoliciesFile, $"{PolicyCatalog.SectionName}.{property.Name}.{policy.Key}",
                        finding.Describe($"a field of a {property.Name} policy"));
                }
            }
        }
    }
}
