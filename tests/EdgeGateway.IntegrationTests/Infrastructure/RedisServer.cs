using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A real redis-server on loopback. <see cref="SharedAsync"/> is the one test.sh started (EDGEGATEWAY_TEST_REDIS);
/// <see cref="StartDedicatedAsync"/> starts a private one on a free port that a test may kill and restart.
/// Each test isolates itself with its own key prefix (see <see cref="NewPrefix"/>).
/// </summary>
public sealed class RedisServer : IRedisTopology, IAsyncDisposable
{
    private readonly string? _directory;
    private readonly bool _durable;
    private Process? _process;

    private RedisServer(string endpoint, int port, string? directory, bool durable = false)
    {
        Endpoint = endpoint;
        Port = port;
        _directory = directory;
        _durable = durable;
    }

    /// <summary>host:port of the server.</summary>
    public string Endpoint { get; }

    public string Name => RedisTopologies.Single;

    public int Port { get; }

    /// <summary>The shared server; starts a dedicated one when the tests run outside test.sh.</summary>
    public static Task<RedisServer> SharedAsync() => SharedServer.Value;

    private static readonly Lazy<Task<RedisServer>> SharedServer = new(async () =>
    {
        var configured = Environment.GetEnvironmentVariable("EDGEGATEWAY_TEST_REDIS");
        if (!string.IsNullOrEmpty(configured))
        {
            var port = int.Parse(configured.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
            return new RedisServer(configured, port, null);
        }

        return await StartDedicatedAsync();
    });

    /// <summary>A unique key prefix so tests sharing one server never see each other's keys.</summary>
    public static string NewPrefix(string test) => $"t:{test}:{Guid.NewGuid():N}:";

    /// <param name="port">A fixed port (else a free one).</param>
    /// <param name="durable">
    /// Persist as production should for callbacks (<c>appendonly yes</c>, <c>appendfsync always</c>): every write is on
    /// disk before Redis answers, so a killed and restarted server still holds everything it acknowledged.
    /// </param>
    public static async Task<RedisServer> StartDedicatedAsync(int? port = null, bool durable = false)
    {
        var chosen = port ?? FreePort();
        var directory = Directory.CreateTempSubdirectory("edgegateway-redis-").FullName;
        var server = new RedisServer($"127.0.0.1:{chosen}", chosen, directory, durable);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (or restarts, on the same port) the dedicated server.</summary>
    public async Task StartAsync()
    {
        if (_directory is null)
        {
            throw new InvalidOperationException("The shared Redis server is managed by test.sh and cannot be restarted by a test.");
        }

        var executable = Environment.GetEnvironmentVariable("EDGEGATEWAY_TEST_REDIS_SERVER") ?? "redis-server";
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] persistence = _durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
        foreach (var argument in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", .. persistence, "--dir", _directory])
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"{Endpoint},connectTimeout=200,abortConnect=true");
                if (probe.IsConnected)
                {
                    return;
                }
            }
            catch (RedisConnectionException)
            {
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server on {Endpoint} did not answer within 10 s.");
    }

    /// <summary>Kills the dedicated server at once (SIGKILL), as an outage would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
