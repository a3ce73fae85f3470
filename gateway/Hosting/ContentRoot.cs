namespace EdgeGateway.Hosting;

/// <summary>
/// Finds the folder holding appsettings.json and config/: the working directory or the nearest parent
/// that has both (the repository root for the README's <c>dotnet run --project gateway</c>, so edits to
/// config/ there are hot-reloaded), else the copy next to the binary. <c>--contentRoot</c> overrides.
/// </summary>
internal static class ContentRoot
{
    public static string? Resolve(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)))
        {
            return null; // the host reads it from the arguments
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        // `dotnet run` starts a web project in its project folder (gateway/), so look a few levels up too.
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (IsContentRoot(directory.FullName))
            {
                return directory.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    private static bool IsContentRoot(string directory) =>
        File.Exists(Path.Combine(directory, "appsettings.json")) && Directory.Exists(Path.Combine(directory, "config"));
}
