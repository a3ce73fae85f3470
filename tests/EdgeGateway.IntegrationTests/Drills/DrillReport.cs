using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EdgeGateway.IntegrationTests.Drills;

/// <summary>
/// What one fault drill observed: every answer callers got (by kind and status), the callbacks acknowledged to
/// WeChat Pay but never delivered, payments that reached WeChat Pay more than once, and how long after the fault
/// ended every kind of request succeeded again. <see cref="WriteAsync"/> appends the drill's row to
/// <c>fault-drills.md</c> in the folder named by <c>EDGEGATEWAY_TEST_RESULTS</c> (test.sh sets it), else the temp folder.
/// </summary>
internal sealed class DrillReport(string drill)
{
    public const string FileName = "fault-drills.md";
    private static readonly SemaphoreSlim FileGate = new(1, 1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<(string Kind, string Status), int> _answers = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _firstFailure = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _firstSuccessAfterFault = new(StringComparer.Ordinal);
    private TimeSpan? _faultStarted;
    private TimeSpan? _faultEnded;

    public string Drill { get; } = drill;

    /// <summary>Acknowledged (204) to the WeChat Pay stand-in but never delivered to the internal service.</summary>
    public int LostCallbacks { get; set; }

    /// <summary>out_trade_no values whose prepay WeChat Pay's side processed more than once.</summary>
    public IReadOnlyList<string> DoubleSubmitted { get; set; } = [];

    /// <summary>Free text for the row: what the drill did, settings that differ from the shipped ones.</summary>
    public string Notes { get; set; } = string.Empty;

    public void FaultStarted() => _faultStarted = _clock.Elapsed;

    public void FaultEnded() => _faultEnded = _clock.Elapsed;

    /// <summary>Records one answer; <paramref name="status"/> reads like "200" or "503 DEPENDENCY_UNAVAILABLE" ("no answer" when the connection failed).</summary>
    public void Saw(string kind, string status, bool success)
    {
        _answers.AddOrUpdate((kind, status), 1, (_, n) => n + 1);
        var now = _clock.Elapsed;
        if (!success && _faultStarted is not null)
        {
            _firstFailure.TryAdd(kind, now);
        }

        if (success && _faultEnded is { } ended && now >= ended)
        {
            _firstSuccessAfterFault.TryAdd(kind, now);
        }
    }

    /// <summary>Answers of one kind whose status starts with <paramref name="statusPrefix"/>.</summary>
    public int Count(string kind, string statusPrefix = "") =>
        _answers.Where(a => a.Key.Kind == kind && a.Key.Status.StartsWith(statusPrefix, StringComparison.Ordinal)).Sum(a => a.Value);

    /// <summary>Kinds of request that failed at some point after the fault began.</summary>
    public IReadOnlyList<string> AffectedKinds => [.. _firstFailure.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// From the end of the fault until every kind of request that failed meanwhile had succeeded again; zero when
    /// nothing failed; null while some kind has not succeeded since.
    /// </summary>
    public TimeSpan? Recovery
    {
        get
        {
            if (_faultEnded is not { } ended)
            {
                return null;
            }

            var recovery = TimeSpan.Zero;
            foreach (var kind in _firstFailure.Keys)
            {
                if (!_firstSuccessAfterFault.TryGetValue(kind, out var success))
                {
                    return null;
                }

                recovery = success - ended > recovery ? success - ended : recovery;
            }

            return recovery;
        }
    }

    public string Statuses => string.Join("; ", _answers.GroupBy(a => a.Key.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        g.Key + " " + string.Join(", ", g.OrderByDescending(a => a.Value).Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key.Status} ×{a.Value}")))));

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Drill} | {Statuses} | {LostCallbacks} | {DoubleSubmitted.Count} | {(Recovery is { } r ? $"{r.TotalSeconds:0.0} s" : "not recovered")} | {LoadAverage()} | {Notes} |");

    /// <summary>A summary for assertion messages.</summary>
    public override string ToString() => Row;

    public async Task WriteAsync()
    {
        var folder = Environment.GetEnvironmentVariable("EDGEGATEWAY_TEST_RESULTS") is { Length: > 0 } configured ? configured : Path.GetTempPath();
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        await FileGate.WaitAsync();
        try
        {
            var text = new StringBuilder();
            if (!File.Exists(path))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"Fault drills run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores.");
                text.AppendLine();
                text.AppendLine("| drill | caller statuses | acknowledged but lost callbacks | double-submitted payments | recovery | load average | notes |");
                text.AppendLine("|---|---|---:|---:|---:|---:|---|");
            }

            text.AppendLine(Row);
            await File.AppendAllTextAsync(path, text.ToString());
        }
        finally
        {
            FileGate.Release();
        }
    }

    /// <summary>The 1-minute load average (Linux), to say how busy the machine was.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
