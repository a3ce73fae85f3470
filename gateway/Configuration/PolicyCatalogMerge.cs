using System.Collections;

namespace EdgeGateway.Configuration;

/// <summary>
/// Builds the catalogue requests read during a switch: the new policies, plus the policies the reload removed,
/// under their last values. Routes change a moment after the policies (YARP applies them asynchronously), and
/// a request already under way keeps its route; either may still name a removed policy, and should find it
/// rather than silently run without it. The removed ones go at the next reload.
/// </summary>
internal static class PolicyCatalogMerge
{
    public static PolicyCatalog KeepRemoved(PolicyCatalog next, PolicyCatalog previous)
    {
        var merged = new PolicyCatalog();
        foreach (var property in PolicyBinder.Sections())
        {
            var target = (IDictionary)property.GetValue(merged)!;
            foreach (DictionaryEntry entry in (IDictionary)property.GetValue(previous)!)
            {
                target[entry.Key] = entry.Value;
            }

            foreach (DictionaryEntry entry in (IDictionary)property.GetValue(next)!)
            {
                target[entry.Key] = entry.Value;
            }
        }

        return merged;
    }
}
