using System.Diagnostics;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>Runs the built gateway (<c>dotnet EdgeGateway.dll …</c> from the test output) to completion: its exit code and everything it wrote.</summary>
public static class GatewayCommand
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var directory = AppContext.BaseDirectory;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add(Path.Combine(directory, "EdgeGateway.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("The gateway process did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The gateway command did not finish in time:" + Environment.NewLine + await stdout + await stderr);
        }

        return new Result(process.ExitCode, await stdout + await stderr);
    }
}
