using System.Collections.Concurrent;

namespace EdgeGateway.Configuration;

/// <summary>
/// Files of config/ whose latest edit does not parse. Their last good values stay in use
/// (<see cref="LastGoodJsonConfigurationProvider"/>); a reload while any is listed is reported as rejected.
/// </summary>
public sealed class ConfigFileErrors
{
    private readonly ConcurrentDictionary<string, string> _errors = new(StringComparer.Ordinal);

    public IReadOnlyList<ConfigProblem> Problems =>
        [.. _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new ConfigProblem(e.Key, "file", e.Value))];

    internal void Set(string file, string error) => _errors[file] = error;

    internal void Clear(string file) => _errors.TryRemove(file, out _);
}
