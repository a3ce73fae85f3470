using System.Reflection;

namespace EdgeGateway.Configuration;

/// <summary>
/// Binds <c>Policies</c> one policy at a time, so a value of the wrong type (say <c>"Period": "1 minute"</c>) is
/// reported for the policy it is in and every other policy is still bound and checked.
/// </summary>
internal static class PolicyBinder
{
    public static PolicyCatalog Bind(IConfiguration configuration, List<ConfigProblem> problems)
    {
        var catalog = new PolicyCatalog();
        var policies = configuration.GetSection(PolicyCatalog.SectionName);
        foreach (var property in Sections())
        {
            var target = property.GetValue(catalog)!;
            var policyType = property.PropertyType.GetGenericArguments()[1];
            var add = property.PropertyType.GetMethod("set_Item")!;
            foreach (var child in policies.GetSection(property.Name).GetChildren())
            {
                var policy = Activator.CreateInstance(policyType)!;
                try
                {
                    child.Bind(policy);
                }
                catch (InvalidOperationException ex)
                {
                    problems.Add(new ConfigProblem(GatewayConfigValidationContext.PoliciesFile, $"{PolicyCatalog.SectionName}.{property.Name}.{child.Key}",
                        $"{PolicyCatalogProvider.Describe(ex)}; write a value of the field's type (durations as \"hh:mm:ss\" or \"d.hh:mm:ss\", e.g. \"00:01:00\"; see config/README.md)."));
                    continue;
                }

                add.Invoke(target, [child.Key, policy]);
            }
        }

        return catalog;
    }

    /// <summary>The sections of the catalogue: every <c>Dictionary&lt;string, TPolicy&gt;</c> property of <see cref="PolicyCatalog"/>.</summary>
    public static IEnumerable<PropertyInfo> Sections() =>
        typeof(PolicyCatalog).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>));
}
