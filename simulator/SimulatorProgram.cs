using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.Simulator;

/// <summary>
/// Runs the simulator on its own: <c>dotnet run --project simulator -- [--urls URL] [--keys DIR] [--journal FILE]</c>.
/// Keys come from (or are generated into) DIR, the same layout the gateway's sandbox uses, so a gateway
/// pointed at this process with that directory's merchant files works against it. With <c>--journal</c> every
/// processed API request is appended to FILE as one JSON line before it is answered, so what reached the
/// simulator is known even after the process was killed.
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var url = Argument(args, "--urls") ?? "http://127.0.0.1:5099";
        var keys = Argument(args, "--keys") ?? Path.Combine(Directory.GetCurrentDirectory(), ".sandbox");
        var material = SandboxKeyMaterial.LoadOrCreate(keys);
        await using var host = await SimulatorHost.StartAsync(material.ToSimulatorOptions(), url);
        using var journal = Argument(args, "--journal") is { } journalPath ? Journal(host, journalPath) : null;
        Console.WriteLine($"WeChat Pay simulator listening on {host.BaseAddress} (keys: {material.Directory}, merchant {material.MchId})");

        var stopped = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopped.TrySetResult();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
        await stopped.Task;
        return 0;
    }

    private static StreamWriter Journal(SimulatorHost host, string path)
    {
        var writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        host.Processed += request =>
        {
            var line = System.Text.Json.JsonSerializer.Serialize(request);
            lock (writer)
            {
                try
                {
                    writer.WriteLine(line); // flushed at once: a SIGKILL must not take written lines with it
                }
                catch (ObjectDisposedException)
                {
                    // A request finishing while the process stops: the journal is already closed.
                }
            }
        };
        return writer;
    }

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
