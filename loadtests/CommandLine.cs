using System.Globalization;

namespace EdgeGateway.LoadTests;

/// <summary>A small reader of <c>--name value</c> options.</summary>
internal sealed class CommandLine(string[] args)
{
    public string? Positional(int index) => args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Skip(index).FirstOrDefault();

    public string? Get(string name)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public double? Double(string name) => Get(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    public int? Int(string name) => Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    public TimeSpan Seconds(string name, double fallback) => TimeSpan.FromSeconds(Double(name) ?? fallback);
}
