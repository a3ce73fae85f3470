using EdgeGateway.Callbacks;
using EdgeGateway.Configuration;
using EdgeGateway.Hosting;

namespace EdgeGateway;

/// <summary>
/// <c>EdgeGateway validate [path] [--require-secrets] [--environment NAME] [--Key=value…]</c>: validates a content
/// root (appsettings.json + config/) the way the gateway does at start, offline — no listener, no simulator, no
/// Redis — and prints every problem. Exit code 0 when valid (warnings allowed), 1 when not. Without
/// <c>--require-secrets</c>, key files and environment variables that are not present are warnings: a CI
/// pipeline checks the references, the secrets exist only where the gateway runs.
/// </summary>
public static class ValidateCommand
{
    public const string Name = "validate";
    public const string RequireSecretsOption = GatewayValidationMode.RequireSecretsOption;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var path = args.FirstOrDefault(a => !a.StartsWith('-') && !IsOptionValue(args, a));
        var requireSecrets = args.Contains(RequireSecretsOption, StringComparer.Ordinal);
        var passThrough = args.Where(a => a != path && a != RequireSecretsOption).ToArray();
        var root = path is null ? Path.GetFullPath(ContentRoot.Resolve([]) ?? Directory.GetCurrentDirectory()) : Resolve(path);
        if (!IsContentRoot(root))
        {
            await output.WriteLineAsync($"error   {root} is not a content root: it must hold appsettings.json and config/.");
            await output.WriteLineAsync("Result: invalid (1 error).");
            return 1;
        }

        StartupProblems? problems = null;
        var environment = "Production";
        IReadOnlyList<string> errors = [];
        string? summary = null;
        try
        {
            var app = GatewayApplication.Create(["--contentRoot", root, .. passThrough], builder =>
            {
                GatewayValidationMode.EnableOffline(builder, requireSecrets);
                builder.Logging.ClearProviders();
                problems = StartupProblems.For(builder);
                environment = builder.Environment.EnvironmentName;
            });
            await using (app)
            {
                var active = app.Services.GetRequiredService<PolicyCatalogProvider>().Active;
                var callbacks = app.Services.GetRequiredService<CallbackRouteTable>().Routes.Count;
                summary = $"version {active.Version}: {Count(active.Routes.Count, "route")}, {Count(active.Clusters.Count, "cluster")}, {Count(callbacks, "callback")}";
            }
        }
        catch (GatewayConfigurationException ex)
        {
            errors = ex.Errors;
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException)
        {
            // appsettings.json that does not parse, or a host setting of the wrong type.
            errors = [PolicyCatalogProvider.Describe(ex) + "."];
        }

        var warnings = problems?.Warnings ?? [];
        await output.WriteLineAsync($"Validating {root} (environment {environment}; secrets {(requireSecrets ? "required" : "not required offline")})");
        foreach (var error in errors)
        {
            await output.WriteLineAsync("error   " + error);
        }

        foreach (var warning in warnings)
        {
            await output.WriteLineAsync("warning " + warning);
        }

        await output.WriteLineAsync(errors.Count > 0
            ? $"Result: invalid ({Count(errors.Count, "error")}, {Count(warnings.Count, "warning")})."
            : $"Result: valid, {summary} ({Count(warnings.Count, "warning")}).");
        return errors.Count > 0 ? 1 : 0;
    }

    /// <summary>
    /// A relative path as the person meant it: <c>dotnet run</c> starts the gateway in its project folder, while a path
    /// typed in a shell is relative to the shell's folder (<c>PWD</c>); the working directory wins when both hold one.
    /// </summary>
    private static string Resolve(string path)
    {
        var fromWorkingDirectory = Path.GetFullPath(path);
        var shell = Environment.GetEnvironmentVariable("PWD");
        if (IsContentRoot(fromWorkingDirectory) || Path.IsPathRooted(path) || string.IsNullOrEmpty(shell) || !Directory.Exists(shell))
        {
            return fromWorkingDirectory;
        }

        var fromShell = Path.GetFullPath(path, shell);
        return IsContentRoot(fromShell) ? fromShell : fromWorkingDirectory;
    }

    private static bool IsContentRoot(string directory) =>
        File.Exists(Path.Combine(directory, "appsettings.json")) && Directory.Exists(Path.Combine(directory, "config"));

    /// <summary>True for the value of a "--name value" pair (e.g. "Production" in "--environment Production").</summary>
    private static bool IsOptionValue(string[] args, string arg)
    {
        var index = Array.IndexOf(args, arg);
        return index > 0 && args[index - 1].StartsWith("--", StringComparison.Ordinal) && !args[index - 1].Contains('=', StringComparison.Ordinal)
            && args[index - 1] != RequireSecretsOption;
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";
}
