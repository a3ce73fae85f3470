using System.Threading.Channels;
using EdgeGateway.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EdgeGateway.Quotas;

/// <summary>
/// Quota state in Redis, shared by every gateway instance. Decisions are coalesced: while a script call is in
/// flight, new decisions queue, and the next call carries all of them (up to <see cref="QuotaOptions.MaxBatchSize"/>)
/// in one round trip and one script run. An idle gateway sends each decision at once; a busy one sends fewer,
/// larger calls, which is what lets one instance make tens of thousands of decisions a second.
/// Failures surface as exceptions on the decision's task; <see cref="QuotaEnforcer"/> applies the failure policy.
/// </summary>
internal sealed class RedisQuotaStore : IQuotaStore, IAsyncDisposable
{
    private readonly RedisConnection _redis;
    private readonly int _maxBatch;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public RedisQuotaStore(RedisConnection redis, IOptions<QuotaOptions> options)
    {
        _redis = redis;
        _maxBatch = options.Value.MaxBatchSize;
        _slots = new SemaphoreSlim(options.Value.MaxConcurrentBatches);
        _loop = Task.Run(RunAsync);
    }

    public Task<QuotaDecision> DecideAsync(QuotaRequest request)
    {
        var pending = new Pending(request);
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Completion.TrySetException(new ObjectDisposedException(nameof(RedisQuotaStore)));
        }

        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await _slots.WaitAsync().ConfigureAwait(false);
            var batch = new List<Pending>(Math.Min(_maxBatch, 64));
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                _slots.Release();
                continue;
            }

            _ = SendAsync(batch);
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        try
        {
            var multiplexer = await _redis.GetMultiplexerAsync().ConfigureAwait(false);
            var database = multiplexer.GetDatabase();
            if (batch.Count > 1 && multiplexer.GetServers().Any(s => s.ServerType == ServerType.Cluster))
            {
                // On a cluster one script may only touch one hash slot; each decision's keys share a hash tag, so
                // a batch is split by slot (and degenerates to single decisions when every caller lands elsewhere).
                await Task.WhenAll(batch.GroupBy(p => multiplexer.HashSlot(_redis.Key(p.Request.WindowKey(0))))
                    .Select(group => EvaluateAsync(database, [.. group]))).ConfigureAwait(false);
            }
            else
            {
                await EvaluateAsync(database, batch).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task EvaluateAsync(IDatabase database, IReadOnlyList<Pending> batch)
    {
        var keyCount = 0;
        foreach (var pending in batch)
        {
            keyCount += pending.Request.Windows.Length;
        }

        var keys = new RedisKey[keyCount];
        var args = new RedisValue[1 + batch.Count + (2 * keyCount)];
        args[0] = batch.Count;
        int k = 0, a = 1;
        foreach (var pending in batch)
        {
            var windows = pending.Request.Windows;
            args[a++] = windows.Length;
            for (var i = 0; i < windows.Length; i++)
            {
                keys[k++] = _redis.Key(pending.Request.WindowKey(i));
                args[a++] = windows[i].EmissionIntervalUs;
                args[a++] = windows[i].Limit;
            }
        }

        RedisResult result;
        try
        {
            result = await database.ScriptEvaluateAsync(RedisQuotaScript.Text, keys, args).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }

            return;
        }

        var values = (RedisResult[])result!;
        var r = 0;
        foreach (var pending in batch)
        {
            var allowed = (long)values[r++] == 1;
            var retryMs = (long)values[r++];
            var states = new QuotaWindowState[pending.Request.Windows.Length];
            for (var i = 0; i < states.Length; i++)
            {
                states[i] = new QuotaWindowState((long)values[r], (long)values[r + 1]);
                r += 2;
            }

            pending.Completion.TrySetResult(new QuotaDecision(allowed, retryMs, states));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        // The semaphore is not disposed: batches still in flight release it when they finish.
        await _loop.ConfigureAwait(false);
    }

    private sealed class Pending(QuotaRequest request)
    {
        public QuotaRequest Request { get; } = request;

        public TaskCompletionSource<QuotaDecision> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
