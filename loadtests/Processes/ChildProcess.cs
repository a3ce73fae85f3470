using System.Diagnostics;
using System.Net.Sockets;

namespace EdgeGateway.LoadTests.Processes;

/// <summary>
/// A process this runner started (simulator, gateway, bare proxy, redis-server): its CPU time can be read
/// on its own, and it is killed when the run ends, whatever happens.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>User + system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Context switches (voluntary + involuntary) of the threads the process has now, from <c>/proc</c>; 0 where there
    /// is no <c>/proc</c>. Threads that ended are not counted, so read it over a window in which the pool is steady.
    /// </summary>
    public long ContextSwitches
    {
        get
        {
            long total = 0;
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
                {
                    try
                    {
                        foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                        {
                            if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                                || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                            {
                                total += long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                            }
                        }
                    }
                    catch (IOException)
                    {
                        // The thread ended while it was being read.
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return 0;
            }

            return total;
        }
    }

    /// <summary>Resident memory in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start.");
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => child.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private readonly Queue<string> _lastLines = new();

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    /// <summary>The last lines the process printed (for a failure message).</summary>
    public string Tail()
    {
        lock (_lastLines)
        {
            return string.Join(System.Environment.NewLine, _lastLines);
        }
    }

    /// <summary>Waits until something accepts TCP connections on <paramref name="port"/>.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:{System.Environment.NewLine}{Tail()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{Name} did not listen on port {port} within {timeout.TotalSeconds:0} s:{System.Environment.NewLine}{Tail()}");
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
}
