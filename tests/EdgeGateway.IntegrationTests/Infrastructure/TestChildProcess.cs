using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// One built program (the gateway, the simulator) run as its own process by a test, and run again after a kill:
/// the last lines of its console output are kept across its lives for failure messages, starting returns once a
/// health endpoint answers, and a kill is SIGKILL.
/// </summary>
internal sealed class TestChildProcess(string name, int keptLines) : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The current life's process, if one was started.</summary>
    public Process? Current => _process;

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary><c>dotnet {dll}</c> from the test output folder, its output redirected; add arguments and environment to it.</summary>
    public static ProcessStartInfo DotnetStartInfo(string dll)
    {
        var directory = AppContext.BaseDirectory;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add(Path.Combine(directory, dll));
        info.Environment["DOTNET_gcServer"] = "0";
        return info;
    }

    /// <summary>Starts a new life and waits up to 60 s for <paramref name="healthPath"/> to answer 2xx through <paramref name="client"/>.</summary>
    public async Task StartAsync(ProcessStartInfo info, HttpClient client, string healthPath)
    {
        _process?.Dispose();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"The {name} process did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The {name} process exited with code {process.ExitCode} while starting:{Environment.NewLine}{Output}"));
            }

            try
            {
                using var response = await client.GetAsync(healthPath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The {name} process did not answer {healthPath} within 60 s:{Environment.NewLine}{Output}");
    }

    /// <summary>Kills the process at once (SIGKILL), its children too.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > keptLines && _output.TryDequeue(out _))
        {
        }
    }

    public void Dispose() => _process?.Dispose();
}
