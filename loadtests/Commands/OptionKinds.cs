using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace EdgeGateway.LoadTests.Commands;

/// <summary>
/// The kinds of option the runner takes, each parsed with the invariant culture and checked for range, so a value
/// that is malformed or out of range is an error naming its option instead of a silent fallback or a crash mid-run.
/// </summary>
internal static class OptionKinds
{
    /// <summary>A whole number; <paramref name="min"/>..<paramref name="max"/> inclusive.</summary>
    public static Option<int> Whole(string name, int fallback, string description, int min = 1, int max = int.MaxValue, string helpName = "N") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => fallback,
            CustomParser = result => ParseWhole(result, name, min, max) ?? fallback,
        };

    /// <summary>A whole number with no default: absent is null.</summary>
    public static Option<int?> OptionalWhole(string name, string description, int min = 1, int max = int.MaxValue, string helpName = "N") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => ParseWhole(result, name, min, max),
        };

    /// <summary>A number (decimal point, no thousands separator) for which <paramref name="valid"/> holds, <paramref name="rule"/> saying what that is.</summary>
    public static Option<double> Number(string name, double fallback, string description, Func<double, bool> valid, string rule, string helpName = "N") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => fallback,
            CustomParser = result => ParseNumber(result, name, valid, rule) ?? fallback,
        };

    /// <summary>A number with no default: absent is null.</summary>
    public static Option<double?> OptionalNumber(string name, string description, Func<double, bool> valid, string rule, string helpName = "N") =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => ParseNumber(result, name, valid, rule),
        };

    /// <summary>Seconds, more than 0 (fractions allowed).</summary>
    public static Option<double> Seconds(string name, double fallback, string description) =>
        Number(name, fallback, description, v => v > 0, "more than 0", "S");

    /// <summary>Seconds, 0 or more (fractions allowed): a warm-up may be skipped.</summary>
    public static Option<double> WarmUpSeconds(string name, double fallback, string description) =>
        Number(name, fallback, description, v => v >= 0, "0 or more", "S");

    /// <summary>Free text; null when absent and no <paramref name="fallback"/> is given.</summary>
    public static Option<string?> Text(string name, string? fallback, string description, string helpName, bool required = false)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = helpName, Required = required };
        if (fallback is not null)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        return option;
    }

    /// <summary>
    /// A comma-separated list in one argument ("100,300,500"), each item checked by <paramref name="item"/> (null when
    /// it is fine, else what is wrong), no item twice. The value is the text as given; <see cref="Items"/> splits it.
    /// </summary>
    public static Option<string> List(string name, string fallback, string description, Func<string, string?> item, string helpName) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => fallback,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return fallback;
                }

                var text = result.Tokens[0].Value;
                var items = Items(text);
                if (items.Count == 0)
                {
                    result.AddError($"{name} needs at least one item; got '{text}'.");
                    return fallback;
                }

                foreach (var each in items)
                {
                    if (item(each) is { } problem)
                    {
                        result.AddError($"{name}: {problem}");
                        return fallback;
                    }
                }

                if (items.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    result.AddError($"{name} names '{twice.Key}' twice.");
                    return fallback;
                }

                return text;
            },
        };

    /// <summary>The items of a list option's text, trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Items(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An item check for <see cref="List"/>: one of <paramref name="allowed"/>.</summary>
    public static Func<string, string?> OneOf(IReadOnlyCollection<string> allowed) =>
        item => allowed.Contains(item, StringComparer.Ordinal) ? null : $"unknown '{item}'; use {string.Join(", ", allowed)}.";

    /// <summary>An item check for <see cref="List"/>: a whole number of at least 1.</summary>
    public static string? PositiveWhole(string item) =>
        int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1 ? null : $"'{item}' is not a whole number of at least 1.";

    private static int? ParseWhole(ArgumentResult result, string name, int min, int max)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name} takes a whole number; '{text}' is not one.");
            return null;
        }

        if (value < min || value > max)
        {
            result.AddError(max == int.MaxValue ? $"{name} must be at least {min}; got {value}." : $"{name} must be between {min} and {max}; got {value}.");
            return null;
        }

        return value;
    }

    private static double? ParseNumber(ArgumentResult result, string name, Func<double, bool> valid, string rule)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[0].Value;
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            result.AddError($"{name} takes a number; '{text}' is not one.");
            return null;
        }

        if (!valid(value))
        {
            result.AddError($"{name} must be {rule}; got {text}.");
            return null;
        }

        return value;
    }
}
