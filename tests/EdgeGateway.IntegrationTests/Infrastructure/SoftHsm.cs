using System.Diagnostics;

namespace EdgeGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway SoftHSM2 token store for this test process: a softhsm2.conf whose token directory is a temp folder,
/// set as <c>SOFTHSM2_CONF</c> before the library is first loaded. The tokens are initialised and the keys imported
/// with <c>softhsm2-util</c> (as an operator would) once, up front: SoftHSM reads its token directory when the
/// library is initialised. Test-only PINs.
/// </summary>
public static class SoftHsm
{
    /// <summary>Holds the test merchant key (label <c>merchant</c>, id 01), the §9.1 GO key (<c>go-vector</c>, 02) and the §9.2 SKIT key (<c>skit</c>, 03).</summary>
    public const string MerchantToken = "edge-merchant";

    /// <summary>Holds the test merchant key only; tests remove this token while a gateway uses it.</summary>
    public const string RemovableToken = "edge-removable";

    /// <summary>Holds the test merchant key only; tests close every session on it underneath a running gateway.</summary>
    public const string ResetToken = "edge-reset";

    /// <summary>Holds the test merchant key only; only ever offered wrong PINs (by a gateway process of its own).</summary>
    public const string WrongPinToken = "edge-wrong-pin";

    public const string Pin = "test-only-pin-4711";

    private const string SoPin = "test-only-so-pin-0815";

    private static readonly Lazy<string> Store = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Where the tokens live; creating them on first use.</summary>
    public static string Directory => Store.Value;

    /// <summary>The SoftHSM2 PKCS#11 library of this machine (the Debian/Ubuntu package's paths).</summary>
    public static string Library
    {
        get
        {
            _ = Store.Value;
            string[] candidates = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"];
            return candidates.FirstOrDefault(File.Exists)
                   ?? throw new InvalidOperationException("libsofthsm2.so is not installed; test.sh installs it (apt-get install -y softhsm2).");
        }
    }

    /// <summary>The configuration file to hand a child process as SOFTHSM2_CONF.</summary>
    public static string ConfigFile => Path.Combine(Directory, "softhsm2.conf");

    /// <summary>The token directory of the token labelled <paramref name="label"/> (SoftHSM names it by a UUID).</summary>
    public static string TokenDirectory(string label) =>
        System.IO.Directory.GetDirectories(Path.Combine(Directory, "tokens"))
            .Single(d => File.ReadAllText(Path.Combine(d, "token.object"), System.Text.Encoding.Latin1).Contains(label, StringComparison.Ordinal));

    private static string Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgegateway-tests-" + Environment.ProcessId, "softhsm");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "tokens"));
        File.WriteAllText(Path.Combine(directory, "softhsm2.conf"),
            $"directories.tokendir = {Path.Combine(directory, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // The library reads the variable with getenv(), which Environment.SetEnvironmentVariable does not reach on Unix.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", Path.Combine(directory, "softhsm2.conf"));
        if (SetNativeEnvironment("SOFTHSM2_CONF", Path.Combine(directory, "softhsm2.conf"), 1) != 0)
        {
            throw new InvalidOperationException("setenv(SOFTHSM2_CONF) failed.");
        }

        var merchantKey = Pkcs8(TestKeys.Material.MerchantPrivateKeyPath, directory, "merchant");
        InitToken(MerchantToken);
        Import(merchantKey, MerchantToken, "merchant", "01");
        Import(Vector("go-rsa2048-private-pkcs8.pem"), MerchantToken, "go-vector", "02");
        Import(Vector("skit-rsa4096-private-pkcs8.pem"), MerchantToken, "skit", "03");
        InitToken(RemovableToken);
        Import(merchantKey, RemovableToken, "merchant", "01");
        InitToken(ResetToken);
        Import(merchantKey, ResetToken, "merchant", "01");
        InitToken(WrongPinToken);
        Import(merchantKey, WrongPinToken, "merchant", "01");
        File.Delete(merchantKey);
        return directory;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);

    private static string Vector(string name) => Path.Combine(AppContext.BaseDirectory, "WeChatPay", "TestVectors", name);

    /// <summary>softhsm2-util imports PKCS#8 only; the sandbox key may be PKCS#1.</summary>
    private static string Pkcs8(string pemPath, string directory, string name)
    {
        using var key = EdgeGateway.Transforms.WeChatPay.PemKeys.LoadPrivateKeyFile(pemPath);
        var path = Path.Combine(directory, name + ".pkcs8.pem");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    }

    private static void InitToken(string label) => Run("--init-token", "--free", "--label", label, "--pin", Pin, "--so-pin", SoPin);

    private static void Import(string pem, string token, string label, string id) =>
        Run("--import", pem, "--token", token, "--label", label, "--id", id, "--pin", Pin);

    private static void Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("softhsm2-util") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SOFTHSM2_CONF"] = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("softhsm2-util did not start; test.sh installs softhsm2.");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"softhsm2-util {arguments[0]} failed ({process.ExitCode}): {output}");
        }
    }
}
