using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Primitives;

namespace EdgeGateway.Configuration.Files;

/// <summary>
/// A JSON file of config/ as a configuration source. Unlike the framework's JSON file provider, a file that
/// is missing or does not parse never empties the configuration: the last values that parsed stay, the
/// problem is recorded in <see cref="ConfigFiles"/>, and the reload is still signalled so that validation
/// reports it (and rejects the edit) instead of applying an empty route table.
/// </summary>
internal sealed class ConfigFileProvider : JsonConfigurationProvider
{
    /// <summary>What System.Text.Json appends to its messages after the part worth showing.</summary>
    private static readonly string[] JsonExceptionTails = [" Path:", " LineNumber:"];

    /// <summary>Editors and ConfigMap updates write in steps; read once the writing has settled.</summary>
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(250);

    private readonly ConfigFileSource _source;
    private readonly IDisposable? _watch;
    private readonly Lock _gate = new();

    public ConfigFileProvider(ConfigFileSource source) : base(source)
    {
        _source = source;
        if (source.Watch)
        {
            _watch = ChangeToken.OnChange(() => source.FileProvider!.Watch(source.Path!), () =>
            {
                Thread.Sleep(SettleDelay);
                Read();
                OnReload();
            });
        }
    }

    public override void Load() => Read();

    private void Read()
    {
        lock (_gate)
        {
            var file = _source.FileProvider!.GetFileInfo(_source.Path!);
            var now = _source.TimeProvider.GetUtcNow();
            if (!file.Exists || file.PhysicalPath is null)
            {
                Record(now, null, null, null, $"the file does not exist at {file.PhysicalPath ?? _source.Path}; restore it (every file of config/ is required, even if it only holds an empty section).");
                return;
            }

            byte[] content;
            try
            {
                content = File.ReadAllBytes(file.PhysicalPath);
            }
            catch (IOException ex)
            {
                Record(now, null, null, file.LastModified, $"the file could not be read ({ex.Message}); check its permissions.");
                return;
            }

            try
            {
                using var stream = new MemoryStream(content, writable: false);
                base.Load(stream); // assigns Data only once the whole file parsed
            }
            catch (FormatException ex)
            {
                Record(now, Hash(content), content.Length, file.LastModified, $"the file is not valid JSON: {Describe(ex)}; fix it (an editor that knows the schema in config/schemas/ shows where).");
                return;
            }

            Record(now, Hash(content), content.Length, file.LastModified, null);
        }
    }

    private void Record(DateTimeOffset readAt, string? sha256, long? length, DateTimeOffset? lastWrite, string? error) =>
        _source.Files.Record(new ConfigFileState(_source.DisplayName, Path.Combine(Root(), _source.Path!), readAt, sha256, length, lastWrite, error));

    private string Root() => (_source.FileProvider as Microsoft.Extensions.FileProviders.PhysicalFileProvider)?.Root ?? string.Empty;

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The parser's own words, with the line and position when it gives them (they are 0-based; people count from 1).</summary>
    private static string Describe(FormatException ex)
    {
        if (ex.InnerException is JsonException json && json.LineNumber is { } line)
        {
            var message = json.Message;
            var cut = JsonExceptionTails.Select(m => message.IndexOf(m, StringComparison.Ordinal)).Where(i => i > 0).DefaultIfEmpty(message.Length).Min();
            return $"line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1}: {message[..cut].TrimEnd('.', ' ')}";
        }

        return ex.Message.TrimEnd('.');
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _watch?.Dispose();
        }

        base.Dispose(disposing);
    }
}
