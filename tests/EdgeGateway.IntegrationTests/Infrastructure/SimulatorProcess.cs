using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeGateway.Simulator;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The WeChat Pay simulator as a real, separate process (<c>dotnet EdgeGateway.Simulator.dll --urls … --keys …
/// --journal …</c> from the test output, with the test keys), so a test can kill it outright (SIGKILL) and start it
/// again on the same port. Each life writes its own journal of processed requests (see <see cref="ProcessedRequest"/>),
/// which outlives the process; faults are set through its control endpoint.
/// </summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions ControlJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly TestChildProcess _process = new("simulator", keptLines: 200);
    private readonly string _directory = Directory.CreateTempSubdirectory("edgegateway-simulator-").FullName;
    private SimulatorProcess(int port)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Control = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>How many times the process was started (the current life is Lives - 1, counting from 0).</summary>
    public int Lives { get; private set; }

    /// <summary>The last lines the process wrote (for assertion messages).</summary>
    public string Output => _process.Output;

    private HttpClient Control { get; }

    public static async Task<SimulatorProcess> StartNewAsync()
    {
        var simulator = new SimulatorProcess(GatewayTestHost.FreePort());
        await simulator.StartAsync();
        return simulator;
    }

    /// <summary>Starts the process (again, after a kill) on the same port; returns once it answers.</summary>
    public async Task StartAsync()
    {
        var info = TestChildProcess.DotnetStartInfo("EdgeGateway.Simulator.dll");
        foreach (var argument in (string[])["--urls", BaseAddress.GetLeftPart(UriPartial.Authority), "--keys", TestKeys.Material.Directory, "--journal", JournalPath(Lives)])
        {
            info.ArgumentList.Add(argument);
        }

        Lives++;
        await _process.StartAsync(info, Control, "/simulator/health");
    }

    /// <summary>Kills the process at once (SIGKILL): connections are cut and every order it held is gone.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Replaces the fault settings (PUT /simulator/faults).</summary>
    public async Task SetFaultsAsync(FaultSettings faults)
    {
        using var response = await Control.PutAsJsonAsync("/simulator/faults", faults, ControlJson);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every request each life processed, as journaled (life 0 first), including lives that were killed.</summary>
    public IReadOnlyList<(int Life, ProcessedRequest Request)> Processed()
    {
        var processed = new List<(int, ProcessedRequest)>();
        for (var life = 0; life < Lives; life++)
        {
            var path = JournalPath(life);
            if (!File.Exists(path))
            {
                continue;
            }

            using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            while (reader.ReadLine() is { } line)
            {
                // A line cut off by the kill is not a processed request: its answer was never written either.
                if (line.EndsWith('}') && JsonSerializer.Deserialize<ProcessedRequest>(line) is { } request)
                {
                    processed.Add((life, request));
                }
            }
        }

        return processed;
    }

    private string JournalPath(int life) => Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"journal-{life}.jsonl"));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Control.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
