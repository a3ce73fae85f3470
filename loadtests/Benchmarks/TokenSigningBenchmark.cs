using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using EdgeGateway.Merchants.Pkcs11;
using EdgeGateway.Transforms.WeChatPay;

namespace EdgeGateway.LoadTests.Benchmarks;

/// <summary>
/// <c>token-signing [--seconds S] [--rounds N] [--threads T] [--sessions N] [--library PATH]</c>: signatures per second and
/// CPU per signature at saturation, the same 2048-bit key in process and in a throwaway SoftHSM2 token (through the
/// gateway's own <see cref="Pkcs11RsaKey"/> and session pool). Rounds alternate the two variants, the first variant
/// switching every round, and the table gives the median with the spread (min–max) over rounds.
/// </summary>
internal static class TokenSigningBenchmark
{
    public const string Name = "token-signing";

    private const string Pin = "bench-only-pin";

    /// <summary>Where Debian's softhsm2 package puts its PKCS#11 module; the first that exists is used without --library.</summary>
    public static readonly IReadOnlyList<string> LibraryPaths = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"];

    public static int Run(TokenSigningOptions options)
    {
        var (seconds, rounds, threads, sessions) = (options.Seconds, options.Rounds, options.Threads, options.Sessions);
        var library = options.Library ?? LibraryPaths.FirstOrDefault(File.Exists);
        if (library is null)
        {
            Console.Error.WriteLine("libsofthsm2.so not found: apt-get install -y softhsm2, or pass --library PATH.");
            return 2;
        }

        using var inProcess = RSA.Create(2048);
        using var token = TokenKey(inProcess, library, sessions);
        var message = new byte[300];
        RandomNumberGenerator.Fill(message);
        if (Rsa2048Signature.Sign(token, message) != Rsa2048Signature.Sign(inProcess, message))
        {
            Console.Error.WriteLine("The token's signature differs from the in-process one; not measuring.");
            return 1;
        }

        Console.WriteLine($"token-signing: {threads} signing threads, {sessions} token sessions, {rounds} round(s) of {seconds} s per variant, {Environment.ProcessorCount} processors");
        var results = new Dictionary<string, List<(double PerSecond, double CpuMicroseconds)>> { ["in-process"] = [], ["softhsm2"] = [] };
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? new[] { "in-process", "softhsm2" } : ["softhsm2", "in-process"];
            foreach (var variant in order)
            {
                var measured = Measure(variant == "in-process" ? inProcess : token, message, threads, TimeSpan.FromSeconds(seconds));
                results[variant].Add(measured);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round} {variant,-10} {measured.PerSecond,8:F0} signatures/s {measured.CpuMicroseconds,8:F0} µs CPU/signature"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| variant | signatures/s (median, min–max) | CPU µs/signature (median, min–max) |");
        Console.WriteLine("|---|---|---|");
        foreach (var (variant, list) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant} | {Median(list.Select(r => r.PerSecond)):F0} ({list.Min(r => r.PerSecond):F0}–{list.Max(r => r.PerSecond):F0}) | {Median(list.Select(r => r.CpuMicroseconds)):F0} ({list.Min(r => r.CpuMicroseconds):F0}–{list.Max(r => r.CpuMicroseconds):F0}) |"));
        }

        var ratio = Median(results["softhsm2"].Select(r => r.PerSecond)) / Median(results["in-process"].Select(r => r.PerSecond));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"token / in-process throughput (medians): {ratio:F2}"));
        return 0;
    }

    private static (double PerSecond, double CpuMicroseconds) Measure(RSA key, byte[] message, int threads, TimeSpan duration)
    {
        var stop = 0;
        long count = 0;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            long mine = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                Rsa2048Signature.Sign(key, message);
                mine++;
            }

            Interlocked.Add(ref count, mine);
        })).ToList();
        workers.ForEach(w => w.Start());
        Thread.Sleep(duration);
        Volatile.Write(ref stop, 1);
        workers.ForEach(w => w.Join());
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return (count / elapsed.TotalSeconds, cpu.TotalMicroseconds / Math.Max(1, count));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>A throwaway token under a temp directory holding <paramref name="key"/>, imported with softhsm2-util as an operator would.</summary>
    private static RSA TokenKey(RSA key, string library, int sessions)
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgegateway-token-signing-" + Environment.ProcessId);
        Directory.CreateDirectory(Path.Combine(directory, "tokens"));
        var config = Path.Combine(directory, "softhsm2.conf");
        File.WriteAllText(config, $"directories.tokendir = {Path.Combine(directory, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n");
        if (SetNativeEnvironment("SOFTHSM2_CONF", config, 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
        }

        var pem = Path.Combine(directory, "key.pem");
        File.WriteAllText(pem, key.ExportPkcs8PrivateKeyPem());
        SoftHsm2Util(config, "--init-token", "--free", "--label", "bench", "--pin", Pin, "--so-pin", "bench-only-so-pin");
        SoftHsm2Util(config, "--import", pem, "--token", "bench", "--label", "merchant", "--id", "01", "--pin", Pin);
        File.Delete(pem);
        var errors = new List<string>();
        var options = new Pkcs11KeyOptions { Library = library, TokenLabel = "bench", KeyLabel = "merchant", PinEnv = "BENCH_PIN", Sessions = sessions };
        return Pkcs11KeyLoader.Load("token-signing", options, "/", name => name == "BENCH_PIN" ? Pin : null, errors, offlineWarnings: null)
               ?? throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
    }

    private static void SoftHsm2Util(string config, params string[] arguments)
    {
        var info = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ToList().ForEach(info.ArgumentList.Add);
        info.Environment["SOFTHSM2_CONF"] = config;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("softhsm2-util did not start.");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util {arguments[0]} failed: {output}");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);
}

/// <summary>What <c>token-signing</c> was asked for: seconds per variant per round, rounds, signing threads, token sessions, and the PKCS#11 module (null: find it).</summary>
internal sealed record TokenSigningOptions(int Seconds, int Rounds, int Threads, int Sessions, string? Library);
