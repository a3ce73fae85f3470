using System.Diagnostics;
using System.Globalization;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.SimulatorCli;

/// <summary>The simulator as an operator runs it: a real process, its command line, its stop on SIGTERM.</summary>
public sealed class SimulatorProgramTests
{
    private static ProcessStartInfo Simulator(string workingDirectory, params string[] arguments)
    {
        var info = TestChildProcess.DotnetStartInfo("EdgeGateway.Simulator.dll");
        info.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>Runs the process to its end (at most 60 s on a busy machine): exit code, standard output, standard error.</summary>
    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the simulator did not exit: {await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Main_Help_PrintsUsageAndExitsZero()
    {
        var (exitCode, output, error) = await RunAsync(Simulator(AppContext.BaseDirectory, "--help"));

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage: dotnet run --project simulator -- [options]", output, StringComparison.Ordinal);
        Assert.Contains("--keys DIR", output, StringComparison.Ordinal);
        Assert.Contains("/simulator/faults (GET, PUT, DELETE)", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Main_UnknownOption_ExitsTwoSayingWhichOnStandardError()
    {
        var (exitCode, output, error) = await RunAsync(Simulator(AppContext.BaseDirectory, "--key", ".sandbox"));

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: unknown option '--key'", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Main_OptionWithoutValue_ExitsTwo()
    {
        var (exitCode, _, error) = await RunAsync(Simulator(AppContext.BaseDirectory, "--urls"));

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: option '--urls' needs a value", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_RelativeKeysAndSigterm_KeysUnderTheStartDirectoryAndStopsCleanly()
    {
        var start = Directory.CreateTempSubdirectory("edgegateway-simulator-cwd-").FullName;
        var port = GatewayTestHost.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var control = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address };
        using var child = new TestChildProcess("simulator", keptLines: 50);
        try
        {
            await child.StartAsync(Simulator(start, "--urls", address.GetLeftPart(UriPartial.Authority), "--keys", "relative-keys", "--journal", "journal.jsonl"),
                control, "/simulator/health");

            var keys = Path.Combine(start, "relative-keys");
            Assert.True(File.Exists(Path.Combine(keys, "mchid.txt")), $"no key set in {keys}: {child.Output}");
            Assert.True(File.Exists(Path.Combine(keys, "merchant_key.pem")), "the merchant key a gateway is pointed at");
            Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "relative-keys")), "keys went next to the program, not where it was started");
            Assert.True(File.Exists(Path.Combine(start, "journal.jsonl")), "the journal is relative to the start directory too");
            Assert.Contains($"(keys: {keys}, merchant ", child.Output, StringComparison.Ordinal);

            using (var terminate = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", child.Current!.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
            {
                await terminate.WaitForExitAsync();
            }

            // Generous for a shared machine: the point is that it stops on its own, not how fast (it once needed SIGKILL).
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await child.Current.WaitForExitAsync(patience.Token);
            Assert.Equal(0, child.ExitCode);
            Assert.Contains("WeChat Pay simulator stopping", child.Output, StringComparison.Ordinal);
        }
        finally
        {
            await child.KillAsync();
            Directory.Delete(start, recursive: true);
        }
    }
}
