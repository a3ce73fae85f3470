using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeGateway.Telemetry;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Certificates;

/// <summary>
/// The last good certificate set of each merchant on disk (<see cref="CertificateOptions.CacheDirectory"/>),
/// so a restarted gateway verifies even while WeChat Pay and Redis are both down. Files are replaced
/// atomically; a damaged or foreign file is ignored because its content is authenticated when parsed.
/// </summary>
internal sealed partial class CertificateDiskCache(IOptions<CertificateOptions> options, IHostEnvironment environment, ILogger<CertificateDiskCache> logger)
{
    private readonly string? _directory = string.IsNullOrWhiteSpace(options.Value.CacheDirectory)
        ? null
        : System.IO.Path.Combine(environment.ContentRootPath, options.Value.CacheDirectory);

    public CertificateRecord? Read(string mchId)
    {
        var path = PathFor(mchId);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var file = JsonSerializer.Deserialize<CacheFile>(File.ReadAllBytes(path));
            return file is { Status: "ok" or "not_found", Body: not null }
                ? new CertificateRecord(DateTimeOffset.FromUnixTimeMilliseconds(file.FetchedAt), file.Status == "not_found", file.Body)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            LogUnreadable(logger, path, ex.GetType().Name);
            return null;
        }
    }

    public void Write(string mchId, CertificateRecord record)
    {
        var path = PathFor(mchId);
        if (path is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(_directory!);
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            var file = new CacheFile(record.FetchedAt.ToUnixTimeMilliseconds(), record.NotFound ? "not_found" : "ok", record.Body);
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(file));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogUnwritable(logger, path, ex.GetType().Name);
        }
    }

    private string? PathFor(string mchId) => _directory is null ? null : System.IO.Path.Combine(_directory, $"platform-certificates-{mchId}.json");

    private sealed record CacheFile(
        [property: JsonPropertyName("fetched_at")] long FetchedAt,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("body")] string Body);

    [LoggerMessage(EventId = EventIds.CertificateCacheUnreadable, Level = LogLevel.Warning,
        Message = "The certificate cache file {Path} cannot be read ({Error}); it is ignored and replaced after the next download")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = EventIds.CertificateCacheUnwritable, Level = LogLevel.Warning,
        Message = "The certificate cache file {Path} cannot be written ({Error}); after a restart without WeChat Pay and Redis the gateway would have no certificates. Check EdgeGateway:Certificates:CacheDirectory")]
    private static partial void LogUnwritable(ILogger logger, string path, string error);
}
