using System.Text;

namespace EdgeGateway.Telemetry;

/// <summary>
/// Writes formatted log lines to standard output (or standard error) from one background thread, in batches.
/// The stock console logger wakes its thread and makes one write call for every line; at a request line per request
/// that is a thread wake-up, a context switch and a system call per request. Here the thread, once it has written what
/// was queued, waits <see cref="Interval"/> before it looks again, so under load lines go out in batches of one write
/// each, at most 1 / <see cref="Interval"/> times a second, and no request pays for waking it. An idle writer is woken by
/// the first line, so a quiet gateway's lines still appear at once.
/// Like the stock logger it is bounded: at <c>maxQueued</c> lines a caller waits (or the line is dropped and counted,
/// when so configured), and what is queued is written when the host stops or the process exits.
/// </summary>
internal sealed class ConsoleLineWriter : IDisposable
{
    private readonly object _gate = new();
    private readonly Stream _standardOutput;
    private readonly Stream _standardError;
    private readonly int _maxQueued;
    private readonly bool _dropWhenFull;
    private readonly Thread _thread;
    private List<(string Text, bool ToError)> _queued = [];
    private bool _writerWaiting;
    private bool _stopping;
    private long _dropped;

    public ConsoleLineWriter(TimeSpan interval, int maxQueued, bool dropWhenFull, Stream? standardOutput = null, Stream? standardError = null)
    {
        Interval = interval;
        _maxQueued = Math.Max(1, maxQueued);
        _dropWhenFull = dropWhenFull;
        _standardOutput = standardOutput ?? Console.OpenStandardOutput();
        _standardError = standardError ?? Console.OpenStandardError();
        _thread = new Thread(Run) { IsBackground = true, Name = "Console logger" };
        _thread.Start();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>How long the thread waits after a write before it writes again.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Lines dropped because the queue was full (only with the drop mode).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(string text, bool toError)
    {
        lock (_gate)
        {
            while (_queued.Count >= _maxQueued && !_stopping)
            {
                if (_dropWhenFull)
                {
                    _dropped++;
                    return;
                }

                Monitor.Wait(_gate);
            }

            if (_stopping)
            {
                // Written by whoever stops the writer; nothing else runs after that.
                WriteDirect(text, toError);
                return;
            }

            _queued.Add((text, toError));
            if (_writerWaiting)
            {
                _writerWaiting = false;
                Monitor.Pulse(_gate);
            }
        }
    }

    private void Run()
    {
        var batch = new List<(string Text, bool ToError)>();
        var buffer = new MemoryStream();
        var errorBuffer = new MemoryStream();
        while (true)
        {
            lock (_gate)
            {
                while (_queued.Count == 0 && !_stopping)
                {
                    _writerWaiting = true;
                    Monitor.Wait(_gate);
                }

                if (_queued.Count == 0)
                {
                    return;
                }

                (batch, _queued) = (_queued, batch);
                // Callers waiting on a full queue may go on.
                Monitor.PulseAll(_gate);
            }

            WriteBatch(batch, buffer, errorBuffer);
            batch.Clear();
            if (Interval > TimeSpan.Zero && !Volatile.Read(ref _stopping))
            {
                Thread.Sleep(Interval);
            }
        }
    }

    private void WriteBatch(List<(string Text, bool ToError)> batch, MemoryStream buffer, MemoryStream errorBuffer)
    {
        foreach (var (text, toError) in batch)
        {
            var target = toError ? errorBuffer : buffer;
            var length = Encoding.UTF8.GetByteCount(text);
            var start = (int)target.Length;
            target.SetLength(start + length);
            Encoding.UTF8.GetBytes(text, target.GetBuffer().AsSpan(start, length));
        }

        Flush(buffer, _standardOutput);
        Flush(errorBuffer, _standardError);
    }

    private static void Flush(MemoryStream buffer, Stream target)
    {
        if (buffer.Length == 0)
        {
            return;
        }

        try
        {
            target.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            target.Flush();
        }
        catch (IOException)
        {
            // A closed console (the reader went away) loses lines, as it does for the stock console logger.
        }
        finally
        {
            buffer.SetLength(0);
            if (buffer.Capacity > 1 << 20)
            {
                buffer.Capacity = 64 * 1024;
            }
        }
    }

    private void WriteDirect(string text, bool toError)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            var target = toError ? _standardError : _standardOutput;
            target.Write(bytes);
            target.Flush();
        }
        catch (IOException)
        {
            // As above.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    /// <summary>Writes everything queued and stops the thread (waits at most 1.5 s, as the stock console logger does).</summary>
    private void Stop()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join(TimeSpan.FromSeconds(1.5));
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Stop();
    }
}
