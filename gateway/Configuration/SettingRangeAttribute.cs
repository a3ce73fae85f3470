using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace EdgeGateway.Configuration;

/// <summary>
/// <see cref="RangeAttribute"/> for a host setting, whose message is the whole problem: the error message is a format
/// with the property's name as {0}, the bounds as {1} and {2} and the value found as {3}, so it can name the full key,
/// the value and what to use (<c>SectionName + ":{0} is {3}; use {1} to {2}."</c>). The options validator generated
/// for <c>[OptionsValidator]</c> replaces a plain <see cref="RangeAttribute"/> with a copy that ignores
/// <see cref="ValidationAttribute.ErrorMessage"/>; a derived attribute is used as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute : RangeAttribute
{
    /// <summary>The longest duration (<see cref="TimeSpan.MaxValue"/>), as the upper bound of a duration range that has none.</summary>
    public const string LongestDuration = "10675199.02:48:05.4775807";

    public SettingRangeAttribute(int minimum, int maximum) : base(minimum, maximum)
    {
    }

    public SettingRangeAttribute(double minimum, double maximum) : base(minimum, maximum)
    {
    }

    /// <summary>Bounds of another type, such as durations: <c>[SettingRange(typeof(TimeSpan), "00:00:01", "00:00:05")]</c>.</summary>
    public SettingRangeAttribute(Type type, string minimum, string maximum) : base(type, minimum, maximum)
    {
        ParseLimitsInInvariantCulture = true;
        ConvertValueInInvariantCulture = true;
    }

    /// <summary>The problem as one message naming no member separately (the message names the key).</summary>
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValid(value)
            ? ValidationResult.Success
            : new ValidationResult(string.Format(CultureInfo.InvariantCulture, ErrorMessageString, validationContext.MemberName, Minimum, Maximum, value));
}
