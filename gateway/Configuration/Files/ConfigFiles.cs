using System.Collections.Concurrent;

namespace EdgeGateway.Configuration.Files;

/// <summary>The state of every file of config/ as last read, for validation and the operator view.</summary>
public sealed class ConfigFiles
{
    private readonly ConcurrentDictionary<string, ConfigFileState> _states = new(StringComparer.Ordinal);

    public ConfigFiles(IEnumerable<string> names)
    {
        Names = [.. names];
    }

    /// <summary>The files, as named in messages (<c>config/routes.json</c>), in load order.</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<ConfigFileState> States => [.. Names.Select(n => _states.GetValueOrDefault(n)).OfType<ConfigFileState>()];

    internal void Record(ConfigFileState state) => _states[state.File] = state;

    /// <summary>A problem for every file that is missing or does not parse right now.</summary>
    public IReadOnlyList<ConfigProblem> Problems() =>
        [.. States.Where(s => !s.IsReadable).Select(s => new ConfigProblem(s.File, "file", s.Error!))];
}
