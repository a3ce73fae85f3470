using System.Diagnostics;
using System.Globalization;

namespace EdgeGateway.LoadTests.Reports;

/// <summary>
/// Where a run happened, for its report: a number means little without the machine, how busy it was and which
/// code ran. Read once when the report is written; every value falls back to "unknown" rather than failing a run.
/// </summary>
public sealed record RunContext(int Cores, long? MemoryBytes, string LoadAverage, string Commit, string Os)
{
    public static RunContext Capture(string repositoryRoot) => new(
        Environment.ProcessorCount, MemTotal() ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, ReadLoadAverage(), ReadCommit(repositoryRoot),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Machine: {Cores} cores, {(MemoryBytes is { } bytes ? $"{bytes / (1024.0 * 1024 * 1024):0.0} GiB" : "unknown")} memory, {Os}; load average (1, 5, 15 min) at the end: {LoadAverage}; commit {Commit}.");

    private static long? MemTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string ReadLoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static string ReadCommit(string repositoryRoot)
    {
        var head = Git(repositoryRoot, "rev-parse", "HEAD");
        if (head is null)
        {
            return "unknown";
        }

        // Uncommitted edits to tracked files mean the numbers are of code no commit holds.
        return Git(repositoryRoot, "status", "--porcelain", "--untracked-files=no") is { Length: > 0 } ? head + " (with uncommitted changes)" : head;
    }

    private static string? Git(string directory, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var git = Process.Start(info)!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
