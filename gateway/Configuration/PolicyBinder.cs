using System.Reflection;

namespace EdgeGateway.Configuration;

/// <summary>
/// Binds <c>Policies</c> one policy at a time, so a value of the wrong type (say <c>"Period": "1 minute"</c>) is
/// reported for the policy and field it is in, and every other policy is still bound and checked. Values are
/// checked before binding because the binder silently drops a list element with a bad value.
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
                var subject = $"{PolicyCatalog.SectionName}.{property.Name}.{child.Key}";
                var badValues = Rules.UnknownKeys.BadValues(child, policyType);
                foreach (var (path, value, type) in badValues)
                {
                    problems.Add(new ConfigProblem(GatewayConfigValidationContext.PoliciesFile, subject, $"{path} is '{value}', which is not {Rules.UnknownKeys.Describe(type)}."));
                }

                var policy = Activator.CreateInstance(policyType)!;
                try
                {
                    child.Bind(policy);
                }
                catch (InvalidOperationException ex) when (badValues.Count == 0)
                {
                    problems.Add(new ConfigProblem(GatewayConfigValidationContext.PoliciesFile, subject,
                        $"{PolicyCatalogProvider.Describe(ex)}; write a value of the field's type (see config/README.md)."));
                }
                catch (InvalidOperationException)
                {
                    // Reported above, in the field's own words.
                }

                // Kept even when partly bound: the configuration is rejected anyway, and routes naming the policy should
                // not be reported as naming an unknown one.
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
