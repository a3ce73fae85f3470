using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real Redis Cluster on loopback: 3 primaries and 3 replicas of redis-server, created with
/// <c>redis-cli --cluster create</c>. <see cref="SharedAsync"/> is the one test.sh started
/// (EDGEGATEWAY_TEST_REDIS_CLUSTER, its seeds), else one started here for the test run, so the cluster theories
/// never skip. <see cref="StartDedicatedAsync"/> starts a private one whose primaries a drill may SIGKILL.
/// </summary>
public sealed class RedisCluster : IRedisTopology, IAsyncDisposable
{
    private const int Nodes = 6;
    private readonly string? _directory;
    private readonly int[] _ports;
    private readonly Process?[] _processes;

    private RedisCluster(int[] ports, string? directory)
    {
        _ports = ports;
        _directory = directory;
        _processes = new Process?[ports.Length];
        Endpoint = string.Join(',', ports.Select(p => $"127.0.0.1:{p}"));
    }

    public string Name => RedisTopologies.Cluster;

    /// <summary>The seeds, <c>127.0.0.1:p0,…</c>: a StackExchange.Redis configuration string.</summary>
    public string Endpoint { get; }

    public IReadOnlyList<int> Ports => _ports;

    public static Task<RedisCluster> SharedAsync() => SharedCluster.Value;

    private static readonly Lazy<Task<RedisCluster>> SharedCluster = new(async () =>
    {
        var configured = Environment.GetEnvironmentVariable("EDGEGATEWAY_TEST_REDIS_CLUSTER");
        if (!string.IsNullOrEmpty(configured))
        {
            var ports = configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(seed => int.Parse(seed.Split(':')[^1], CultureInfo.InvariantCulture)).ToArray();
            return new RedisCluster(ports, null);
        }

        // Outside test.sh: a cluster for this run, stopped when the test process exits.
        var cluster = await StartDedicatedAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster;
    });

    /// <summary>Starts six nodes on free loopback ports and joins them into a cluster with one replica per primary.</summary>
    public static async Task<RedisCluster> StartDedicatedAsync()
    {
        var cluster = new RedisCluster(FreePorts(), Directory.CreateTempSubdirectory("edgegateway-cluster-").FullName);
        try
        {
            for (var i = 0; i < Nodes; i++)
            {
                cluster.StartNode(i);
            }

            foreach (var port in cluster._ports)
            {
                await WaitUntilAsync(async () => (await CliAsync(port, "ping")).Trim() == "PONG", $"redis-server on {port} to answer");
            }

            var create = await RunAsync(CliExecutable, ["--cluster", "create", .. cluster._ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "1", "--cluster-yes"]);
            if (!create.Contains("[OK] All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("redis-cli --cluster create failed:\n" + create);
            }

            await WaitHealthyAsync(cluster._ports);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The port of the primary that owns <paramref name="key"/>'s hash slot right now.</summary>
    public async Task<int> PrimaryPortForAsync(string key)
    {
        var slot = int.Parse((await CliAsync(AlivePorts().First(), "cluster", "keyslot", key)).Trim(), CultureInfo.InvariantCulture);
        foreach (var line in (await CliAsync(AlivePorts().First(), "cluster", "nodes")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (!fields[2].Contains("master", StringComparison.Ordinal) || fields[2].Contains("fail", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var range in fields.Skip(8).Where(f => !f.StartsWith('[')))
            {
                var bounds = range.Split('-');
                var low = int.Parse(bounds[0], CultureInfo.InvariantCulture);
                var high = bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : low;
                if (slot >= low && slot <= high)
                {
                    return int.Parse(fields[1].Split('@')[0].Split(':')[^1], CultureInfo.InvariantCulture);
                }
            }
        }

        throw new InvalidOperationException($"no live primary owns slot {slot} of {key}");
    }

    /// <summary>SIGKILLs one node of this (dedicated) cluster, as a crashed host would.</summary>
    public async Task KillAsync(int port)
    {
        var index = Array.IndexOf(_ports, port);
        if (_directory is null || index < 0 || _processes[index] is not { } process)
        {
            throw new InvalidOperationException("Only the nodes of a dedicated cluster can be killed by a test.");
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        _processes[index] = null;
    }

    /// <summary>
    /// Starts a killed node again on its port with its nodes.conf: it rejoins as a replica of the node promoted in its
    /// place. Returns once every node is back to cluster_state:ok with every replica synced.
    /// </summary>
    public async Task RestartAsync(int port, TimeSpan timeout)
    {
        var index = Array.IndexOf(_ports, port);
        if (_directory is null || index < 0 || _processes[index] is not null)
        {
            throw new InvalidOperationException("Only a killed node of a dedicated cluster can be restarted.");
        }

        StartNode(index);
        await WaitUntilAsync(async () => (await CliAsync(port, "ping")).Trim() == "PONG", $"redis-server on {port} to answer");
        await WaitHealthyAsync(_ports, timeout);
    }

    /// <summary>Waits until the surviving nodes agree the cluster is whole again (a replica promoted in the dead primary's place).</summary>
    public async Task WaitForFailoverAsync(int killedPort, TimeSpan timeout)
    {
        var alive = AlivePorts().ToArray();
        await WaitUntilAsync(async () =>
        {
            foreach (var port in alive)
            {
                var info = await CliAsync(port, "cluster", "info");
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            // Failed for the whole cluster ("fail", not just this node's suspicion "fail?") and stripped of its slots,
            // which a promoted replica now serves. Restarting the dead node before that would be the classic data loss
            // of a primary without persistence: it comes back empty, still primary, and its replica copies the void.
            var nodes = await CliAsync(alive[0], "cluster", "nodes");
            return nodes.Split('\n').Select(l => l.Split(' ')).Any(f => f.Length >= 8 && f[1].StartsWith($"127.0.0.1:{killedPort}@", StringComparison.Ordinal)
                && f[2].Split(',').Contains("fail") && f.Length == 8);
        }, $"the cluster to promote a replica after {killedPort} died", timeout);
    }

    private IEnumerable<int> AlivePorts() => _ports.Where((_, i) => _directory is null || _processes[i] is not null);

    private static async Task WaitHealthyAsync(IReadOnlyList<int> ports, TimeSpan? timeout = null) =>
        await WaitUntilAsync(async () =>
        {
            foreach (var port in ports)
            {
                if (!(await CliAsync(port, "cluster", "info")).Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return false;
                }

                // Replicas synced, so WAIT 1 can succeed from the first command on.
                var replication = await CliAsync(port, "info", "replication");
                if (!replication.Contains("connected_slaves:1", StringComparison.Ordinal) && !replication.Contains("master_link_status:up", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }, "the cluster to reach cluster_state:ok with every replica synced", timeout ?? TimeSpan.FromSeconds(60));

    private void StartNode(int index)
    {
        var port = _ports[index].ToString(CultureInfo.InvariantCulture);
        var directory = Path.Combine(_directory!, port);
        Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("EDGEGATEWAY_TEST_REDIS_SERVER") ?? "redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port, "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-node-timeout", "2000",
                     "--cluster-config-file", Path.Combine(directory, "nodes.conf"), "--save", "", "--appendonly", "no", "--dir", directory])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[index] = process;
    }

    private static string CliExecutable
    {
        get
        {
            var server = Environment.GetEnvironmentVariable("EDGEGATEWAY_TEST_REDIS_SERVER");
            var sibling = server is null ? null : Path.Combine(Path.GetDirectoryName(server) ?? ".", "redis-cli");
            return sibling is not null && File.Exists(sibling) ? sibling : "redis-cli";
        }
    }

    private static Task<string> CliAsync(int port, params string[] command) =>
        RunAsync(CliExecutable, ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), .. command]);

    private static async Task<string> RunAsync(string executable, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited in vain for {what}.");
    }

    /// <summary>Six free ports whose cluster bus ports (+10000) are free too.</summary>
    private static int[] FreePorts()
    {
        var ports = new List<int>();
        while (ports.Count < Nodes)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port + 10000 <= 65535 && !ports.Contains(port) && IsFree(port + 10000))
            {
                ports.Add(port);
            }
        }

        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _processes.Length; i++)
        {
            if (_processes[i] is { } process)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }

                process.Dispose();
                _processes[i] = null;
            }
        }

        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
