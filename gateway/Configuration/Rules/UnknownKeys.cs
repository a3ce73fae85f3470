using System.Collections;
using System.ComponentModel;
using System.Reflection;

namespace EdgeGateway.Configuration.Rules;

/// <summary>
/// Finds keys in a configuration section that bind to nothing in the type they configure. Configuration binding
/// ignores them silently, so a misspelt key (<c>"BreakDurration"</c>) would leave a default in force — in a
/// payment gateway, a limit nobody chose. Keys compare case-insensitively, as configuration keys do.
/// </summary>
internal static class UnknownKeys
{
    /// <summary>One key that binds to nothing: where it is (relative to the section walked), and what would have been known there.</summary>
    public sealed record Finding(string Path, string Key, IReadOnlyList<string> Known)
    {
        public string Describe(string what) =>
            $"'{Path}' is not {what}, so it would be ignored; {Suggestion(Key, Known)}remove or correct it (known here: {RouteRules.Names(Known)}).";
    }

    /// <summary>Walks <paramref name="section"/> as a <paramref name="type"/>; <paramref name="skip"/> names properties whose contents are not checked.</summary>
    public static List<Finding> Find(IConfigurationSection section, Type type, params string[] skip)
    {
        var found = new List<Finding>();
        Walk(section, type, string.Empty, found, new HashSet<string>(skip, StringComparer.OrdinalIgnoreCase));
        return found;
    }

    private static void Walk(IConfigurationSection section, Type type, string path, List<Finding> found, HashSet<string> skip)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            return;
        }

        if (ElementType(type) is { } element)
        {
            var isList = !IsDictionary(type);
            foreach (var child in section.GetChildren())
            {
                Walk(child, element, isList ? $"{path}[{child.Key}]" : Join(path, child.Key), found, skip);
            }

            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                found.Add(new Finding(Join(path, child.Key), child.Key, [.. properties.Select(p => p.Name)]));
            }
            else if (!skip.Contains(property.Name))
            {
                Walk(child, property.PropertyType, Join(path, property.Name), found, skip);
            }
        }
    }

    /// <summary>
    /// Values under <paramref name="section"/> that do not convert to the type they configure. The binder throws for
    /// most, but inside a list it drops the whole element silently (a quota window with "Period": "1 minute"
    /// would simply vanish), so they are looked for here.
    /// </summary>
    public static List<(string Path, string Value, Type Type)> BadValues(IConfigurationSection section, Type type)
    {
        var found = new List<(string, string, Type)>();
        CheckValues(section, type, string.Empty, found);
        return found;
    }

    /// <summary>What a value of <paramref name="type"/> looks like, for messages.</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(TimeSpan) => "a duration; write it as \"hh:mm:ss\" or \"d.hh:mm:ss\", e.g. \"00:01:00\"",
            _ when type == typeof(bool) => "true or false",
            _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number, e.g. 0.5",
            _ when type.IsPrimitive => "a whole number",
            _ => $"a valid {type.Name}",
        };
    }

    private static void CheckValues(IConfigurationSection section, Type type, string path, List<(string, string, Type)> found)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            if (section.Value is { Length: > 0 } value && type != typeof(string) && type != typeof(object) && !Converts(value, type))
            {
                found.Add((path, value, type));
            }

            return;
        }

        if (ElementType(type) is { } element)
        {
            var isList = !IsDictionary(type);
            foreach (var child in section.GetChildren())
            {
                CheckValues(child, element, isList ? $"{path}[{child.Key}]" : Join(path, child.Key), found);
            }

            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.CanWrite).ToArray();
        foreach (var child in section.GetChildren())
        {
            if (properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase)) is { } property)
            {
                CheckValues(child, property.PropertyType, Join(path, property.Name), found);
            }
        }
    }

    private static bool Converts(string value, Type type)
    {
        try
        {
            // As the configuration binder converts: the type's converter, invariant culture.
            _ = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>"did you mean 'X'? " when one known key is a small edit away.</summary>
    public static string Suggestion(string key, IEnumerable<string> known)
    {
        var best = known.Select(k => (Key: k, Distance: Distance(key.ToUpperInvariant(), k.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(2, key.Length / 3) || c.Key.StartsWith(key, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Distance).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
        return best.Key is null ? string.Empty : $"did you mean '{best.Key}'? ";
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(object) || type == typeof(Type)
        || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static bool IsDictionary(Type type) =>
        typeof(IDictionary).IsAssignableFrom(type) || DictionaryInterface(type) is not null;

    private static Type? DictionaryInterface(Type type) =>
        (type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces()).FirstOrDefault(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    private static Type? ElementType(Type type)
    {
        if (DictionaryInterface(type) is { } dictionary)
        {
            return dictionary.GetGenericArguments()[1];
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = (type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
