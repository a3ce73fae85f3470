using EdgeGateway.Callbacks;
using EdgeGateway.Configuration;
using EdgeGateway.Configuration.Files;

namespace EdgeGateway;

internal static class ConfigurationApi
{
    /// <summary>
    /// <c>GET /config</c> on the management listener: the active configuration's version, load time and source
    /// files, whether the files on disk are what serves, and the last rejected reload with every problem.
    /// </summary>
    public static IEndpointRouteBuilder MapConfigurationApi(this IEndpointRouteBuilder management)
    {
        management.MapGet("/config", (PolicyCatalogProvider configuration, ConfigFiles files, CallbackRouteTable callbacks) =>
        {
            var active = configuration.Active;
            var rejection = configuration.LastRejection;
            return TypedResults.Ok(new
            {
                version = active.Version,
                loaded_at = active.LoadedAt,
                files_applied = configuration.FilesApplied,
                routes = active.Routes.Select(r => r.RouteId).Order(StringComparer.Ordinal),
                clusters = active.Clusters.Select(c => c.ClusterId).Order(StringComparer.Ordinal),
                policies = PolicyBinder.Sections().ToDictionary(p => p.Name,
                    p => ((System.Collections.IDictionary)p.GetValue(active.Catalog)!).Keys.Cast<string>().Order(StringComparer.Ordinal).ToArray()),
                callbacks = callbacks.Routes.Keys.Order(StringComparer.Ordinal),
                files = new { active = active.Files.Select(File), on_disk = files.States.Select(File) },
                last_rejection = rejection is null ? null : new
                {
                    at = rejection.At,
                    problems = rejection.Problems.Select(p => new { file = p.File, subject = p.Subject, message = p.Message, text = p.ToString() }),
                },
            });
        });
        return management;
    }

    private static object File(ConfigFileState state) => new
    {
        file = state.File,
        path = state.PhysicalPath,
        sha256 = state.Sha256,
        bytes = state.Length,
        last_write = state.LastWrite,
        read_at = state.ReadAt,
        error = state.Error,
    };
}
