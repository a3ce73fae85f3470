using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.Simulator;

/// <summary>
/// Runs the simulator on its own: <c>dotnet run --project simulator -- [--urls URL] [--keys DIR]</c>.
/// Keys come from (or are generated into) DIR, the same layout the gateway's sandbox uses, so a gateway
/// pointed at this process with that directory's merchant files works against it.
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var url = Argument(args, "--urls") ?? "http://127.0.0.1:5099";
        var keys = Argument(args, "--keys") ?? Path.Combine(Directory.GetCurrentDirectory(), ".sandbox");
        var material = SandboxKeyMaterial.LoadOrCreate(keys);
        await using var host = await SimulatorHost.StartAsync(material.ToSimulatorOptions(), url);
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

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
