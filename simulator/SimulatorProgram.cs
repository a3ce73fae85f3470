using System.Runtime.InteropServices;
using EdgeGateway.Simulator.Keys;

namespace EdgeGateway.Simulator;

/// <summary>
/// Runs the simulator on its own: <c>dotnet run --project simulator -- [--urls URL] [--keys DIR] [--journal FILE]</c>
/// (<c>--help</c> for usage; an unknown option exits 2). Relative paths are relative to the directory it is started
/// from. Ctrl+C and SIGTERM stop it cleanly (exit 0): requests in flight finish, the journal is flushed and closed.
/// Keys come from (or are generated into) DIR, the same layout the gateway's sandbox uses, so a gateway
/// pointed at this process with that directory's merchant files works against it. With <c>--journal</c> every
/// processed API request is appended to FILE as one JSON line before it is answered, so what reached the
/// simulator is known even after the process was killed.
/// </summary>
public static class SimulatorProgram
{
    public const int UsageError = 2;

    public static async Task<int> Main(string[] args)
    {
        var (options, error) = SimulatorCommandLine.Parse(args, Directory.GetCurrentDirectory());
        if (options is null)
        {
            var output = error is null ? Console.Out : Console.Error;
            if (error is not null)
            {
                output.WriteLine($"error: {error}");
                output.WriteLine();
            }

            output.WriteLine(SimulatorCommandLine.Usage);
            return error is null ? 0 : UsageError;
        }

        // Registered before anything starts, so a SIGTERM during start-up also stops it; the handlers only ask
        // Main to return, which disposes the host (Kestrel stops gracefully) and the journal.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);

        var material = SandboxKeyMaterial.LoadOrCreate(options.KeysDirectory);
        await using var host = await SimulatorHost.StartAsync(material.ToSimulatorOptions(), options.Url);
        using var journal = options.JournalPath is { } journalPath ? Journal(host, journalPath) : null;
        Console.WriteLine($"WeChat Pay simulator listening on {host.BaseAddress} (keys: {material.Directory}, merchant {material.MchId})");
        await stopped.Task;
        Console.WriteLine("WeChat Pay simulator stopping");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
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
}
