using System.Text;
using System.Text.Json;
using EdgeGateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EdgeGateway.UnitTests.Telemetry;

/// <summary>
/// The console log written in batches: every line arrives, in order and formatted as the stock console logger formats
/// it, a burst costs a handful of writes instead of one per line, a quiet gateway's line appears at once, and what is
/// queued is written when the provider is disposed.
/// </summary>
public sealed partial class BatchedConsoleLoggerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Writer_BurstOfLines_WritesEveryLineInOrderInFewWrites()
    {
        var output = new RecordingStream();
        using (var writer = new ConsoleLineWriter(TimeSpan.FromMilliseconds(200), maxQueued: 10_000, dropWhenFull: false, output, new RecordingStream()))
        {
            for (var i = 0; i < 1000; i++)
            {
                writer.Enqueue($"line {i}\n", toError: false);
            }
        }

        Assert.Equal(string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i}\n")), output.Text);
        // One write for whatever was queued when the thread woke, then one per 200 ms interval: a burst that takes
        // milliseconds to log is a handful of writes, where the stock console logger makes a thousand.
        Assert.InRange(output.Writes, 1, 10);
    }

    [Fact]
    public async Task Writer_QuietLine_IsWrittenWithoutWaitingForMore()
    {
        var output = new RecordingStream();
        using var writer = new ConsoleLineWriter(TimeSpan.FromSeconds(5), maxQueued: 100, dropWhenFull: false, output, new RecordingStream());

        writer.Enqueue("first\n", toError: false);

        await WaitUntil(() => output.Text == "first\n");
    }

    [Fact]
    public void Writer_ErrorLines_GoToTheErrorStream()
    {
        var (output, error) = (new RecordingStream(), new RecordingStream());
        using (var writer = new ConsoleLineWriter(TimeSpan.FromMilliseconds(10), maxQueued: 100, dropWhenFull: false, output, error))
        {
            writer.Enqueue("info\n", toError: false);
            writer.Enqueue("fail\n", toError: true);
        }

        Assert.Equal("info\n", output.Text);
        Assert.Equal("fail\n", error.Text);
    }

    [Fact]
    public async Task Writer_FullQueue_WaitsForRoomByDefault()
    {
        var output = new RecordingStream { Blocked = true };
        using var writer = new ConsoleLineWriter(TimeSpan.Zero, maxQueued: 2, dropWhenFull: false, output, new RecordingStream());
        writer.Enqueue("a\n", toError: false);
        await WaitUntil(() => output.Waiting);
        writer.Enqueue("b\n", toError: false);
        writer.Enqueue("c\n", toError: false);

        var fourth = Task.Run(() => writer.Enqueue("d\n", toError: false));
        await Task.Delay(200);
        Assert.False(fourth.IsCompleted, "a line beyond the queue's bound must wait, as the stock console logger's does");

        output.Blocked = false;
        await fourth.WaitAsync(Patience);
        await WaitUntil(() => output.Text == "a\nb\nc\nd\n");
        Assert.Equal(0, writer.Dropped);
    }

    [Fact]
    public async Task Writer_FullQueue_DropsAndCountsInDropMode()
    {
        var output = new RecordingStream { Blocked = true };
        using var writer = new ConsoleLineWriter(TimeSpan.Zero, maxQueued: 2, dropWhenFull: true, output, new RecordingStream());
        writer.Enqueue("a\n", toError: false);
        await WaitUntil(() => output.Waiting);
        writer.Enqueue("b\n", toError: false);
        writer.Enqueue("c\n", toError: false);
        writer.Enqueue("d\n", toError: false);

        Assert.Equal(1, writer.Dropped);
        output.Blocked = false;
        await WaitUntil(() => output.Text == "a\nb\nc\n");
    }

    [Fact]
    public void Provider_SimpleFormat_IsTheStockConsoleLoggersText()
    {
        var output = new RecordingStream();
        using (var provider = Provider(output, configure: null))
        {
            LogAnswered(provider.CreateLogger("Edge.Category"));
            LogSecond(provider.CreateLogger("Edge.Category"));
        }

        Assert.Equal("info: Edge.Category[1100]\n      POST pay-jsapi answered 200\nwarn: Edge.Category[7]\n      second\n", output.Text.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Provider_JsonFormatter_IsHonoured()
    {
        var output = new RecordingStream();
        using (var provider = Provider(output, options => options.FormatterName = ConsoleFormatterNames.Json))
        {
            LogStatus(provider.CreateLogger("Edge.Category"), 200);
        }

        using var line = JsonDocument.Parse(output.Text);
        Assert.Equal(1101, line.RootElement.GetProperty("EventId").GetInt32());
        Assert.Equal("answered 200", line.RootElement.GetProperty("Message").GetString());
        Assert.Equal(200, line.RootElement.GetProperty("State").GetProperty("Status").GetInt32());
    }

    [Fact]
    public void Provider_StandardErrorThreshold_IsHonoured()
    {
        var (output, error) = (new RecordingStream(), new RecordingStream());
        using (var provider = Provider(output, options => options.LogToStandardErrorThreshold = LogLevel.Error, error))
        {
            LogFine(provider.CreateLogger("C"));
            LogBroken(provider.CreateLogger("C"));
        }

        Assert.Contains("fine", output.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", output.Text, StringComparison.Ordinal);
        Assert.Contains("broken", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_ReplacesTheStockConsoleLogger_UnlessTheIntervalIsZero()
    {
        Assert.Equal([typeof(BatchedConsoleLoggerProvider)], ConsoleProviders());
        Assert.Equal([typeof(ConsoleLoggerProvider)], ConsoleProviders(("EdgeGateway:Telemetry:ConsoleWriteInterval", "00:00:00")));
    }

    [Theory]
    [InlineData("00:00:00", null)]
    [InlineData("00:00:00.010", null)]
    [InlineData("00:00:01", null)]
    [InlineData("00:00:01.001", "EdgeGateway:Telemetry:ConsoleWriteInterval is 00:00:01.0010000; use a duration from 00:00:00 (write every line at once) to 00:00:01, such as \"00:00:00.010\".")]
    [InlineData("-00:00:01", "EdgeGateway:Telemetry:ConsoleWriteInterval is -00:00:01; use a duration from 00:00:00 (write every line at once) to 00:00:01, such as \"00:00:00.010\".")]
    public void ConsoleWriteInterval_OutOfRange_IsAStartProblem(string value, string? problem)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("EdgeGateway:Telemetry:ConsoleWriteInterval", value)]).Build();

        Assert.Equal(problem, TelemetryExtensions.CheckConsoleWriteInterval(configuration));
    }

    private static Type[] ConsoleProviders(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddGatewayTelemetry();
        return [.. builder.Services.Where(d => d.ServiceType == typeof(ILoggerProvider))
            .Select(d => d.ImplementationType)
            .Where(t => t == typeof(ConsoleLoggerProvider) || t == typeof(BatchedConsoleLoggerProvider))
            .OfType<Type>()];
    }

    private static BatchedConsoleLoggerProvider Provider(RecordingStream output, Action<ConsoleLoggerOptions>? configure, RecordingStream? error = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole());
        services.Configure<ConsoleLoggerOptions>(options => configure?.Invoke(options));
        services.Configure<SimpleConsoleFormatterOptions>(options => options.ColorBehavior = LoggerColorBehavior.Disabled);
        var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>();
        return new BatchedConsoleLoggerProvider(options, provider.GetServices<ConsoleFormatter>(),
            new ConsoleLineWriter(TimeSpan.FromMilliseconds(10), 1000, dropWhenFull: false, output, error ?? new RecordingStream()));
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "POST pay-jsapi answered 200")]
    private static partial void LogAnswered(ILogger logger);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "second")]
    private static partial void LogSecond(ILogger logger);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "answered {Status}")]
    private static partial void LogStatus(ILogger logger, int status);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "fine")]
    private static partial void LogFine(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "broken")]
    private static partial void LogBroken(ILogger logger);

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(10);
        }
    }

    /// <summary>A stream that keeps what is written, counts the writes, and can hold a write until released.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _written = new();
        private volatile bool _blocked;

        public bool Blocked
        {
            get => _blocked;
            set => _blocked = value;
        }

        public bool Waiting { get; private set; }

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_written)
                {
                    return Encoding.UTF8.GetString(_written.ToArray());
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            while (_blocked)
            {
                Waiting = true;
                Thread.Sleep(5);
            }

            lock (_written)
            {
                Writes++;
                _written.Write(buffer, offset, count);
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var copy = buffer.ToArray();
            Write(copy, 0, copy.Length);
        }

        public override void Flush()
        {
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
