using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// The gateway as its own process (the binary built next to this one), so that nothing else in the
/// benchmark process (the load loop, the simulator) is traced or competes inside it. Stopped by its id.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, Uri address, Uri management)
    {
        _process = process;
        Address = address;
        Management = management;
    }

    public Uri Address { get; }

    public Uri Management { get; }

    /// <summary>CPU time the gateway process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var managementPort = FreePort();
        var executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "EdgeGateway.exe" : "EdgeGateway");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(AppContext.BaseDirectory);
        var all = new Dictionary<string, string>(settings)
        {
            ["Kestrel:Endpoints:Public:Url"] = $"http://127.0.0.1:{port}",
            ["Kestrel:Endpoints:Management:Url"] = $"http://127.0.0.1:{managementPort}",
        };
        foreach (var (key, value) in all)
        {
            if (key.StartsWith("OTEL_", StringComparison.Ordinal))
            {
                info.Environment[key] = value;
            }
            else
            {
                info.ArgumentList.Add($"--{key}={value}");
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The gateway process did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine("gateway: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{managementPort}"));
        await gateway.WaitReadyAsync(cancellationToken);
        return gateway;
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with code {_process.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was ready.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Management, "/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("The gateway was not ready within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
