using System.Text.Json;
using EdgeGateway.Configuration.Files;
using Microsoft.Extensions.Configuration.Json;

namespace EdgeGateway.Configuration.Rules;

/// <summary>
/// appsettings.json (and appsettings.{Environment}.json) must parse. They hold the callers, which reload with the
/// configuration; the framework's JSON provider empties a file's values when an edit does not parse, which would
/// otherwise read as "these callers were removed". Checked by parsing the file on disk as the provider does, so
/// the edit is rejected and the last good callers keep authenticating until the file is fixed.
/// </summary>
internal sealed class AppSettingsReadableValidator(IConfiguration configuration) : IGatewayConfigValidator
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public void Validate(GatewayConfigValidationContext context)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return;
        }

        foreach (var source in root.Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).Where(s => s is not ConfigFileSource))
        {
            var file = source.FileProvider?.GetFileInfo(source.Path ?? string.Empty);
            if (file is not { Exists: true, PhysicalPath: { } path })
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path), Options);
            }
            catch (JsonException ex)
            {
                context.Report(Path.GetFileName(path), "file",
                    $"the file is not valid JSON: line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}; fix it (until then the callers it holds keep their last good values).");
            }
            catch (IOException ex)
            {
                context.Report(Path.GetFileName(path), "file", $"the file could not be read ({ex.Message}); check its permissions.");
            }
        }
    }
}
