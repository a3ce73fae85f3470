using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace EdgeGateway.Merchants.Pkcs11;

/// <summary>
/// One loaded PKCS#11 library per path for the whole process: <c>C_Initialize</c> may run once per library, and
/// <c>C_Finalize</c> would end every session of every merchant on it, so libraries are loaded on first use and
/// never unloaded.
/// </summary>
internal static class Pkcs11Libraries
{
    private static readonly ConcurrentDictionary<string, Lazy<IPkcs11Library>> Loaded = new(StringComparer.Ordinal);

    static Pkcs11Libraries()
    {
        // Pkcs11Interop loads vendor libraries through dlopen, imported from "libdl". Since glibc 2.34 dlopen is in
        // libc and only libdl.so.2 exists (libdl.so comes with the C dev package), so map the name to what is there.
        NativeLibrary.SetDllImportResolver(typeof(IPkcs11Library).Assembly, ResolveLibdl);
    }

    public static Pkcs11InteropFactories Factories { get; } = new();

    /// <summary>Loads (once) the library at <paramref name="fullPath"/> for multi-threaded use.</summary>
    public static IPkcs11Library Get(string fullPath)
    {
        var lazy = Loaded.GetOrAdd(fullPath, path => new Lazy<IPkcs11Library>(
            () => Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Loaded.TryRemove(new KeyValuePair<string, Lazy<IPkcs11Library>>(fullPath, lazy));
            throw;
        }
    }

    private static IntPtr ResolveLibdl(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name == "libdl" && OperatingSystem.IsLinux())
        {
            foreach (var candidate in (string[])["libdl.so.2", "libc.so.6"])
            {
                if (NativeLibrary.TryLoad(candidate, out var handle))
                {
                    return handle;
                }
            }
        }

        return IntPtr.Zero;
    }
}
