using EdgeGateway.Storage;
using EdgeGateway.Telemetry;
using StackExchange.Redis;

namespace EdgeGateway.Callbacks;

/// <summary>
/// Callback ingress's own Redis connection, and the <c>WAIT</c> that makes an accepted callback survive its primary.
/// WAIT blocks the connection it is sent on until the replicas confirm every write sent before it on that connection,
/// so it must follow the store on the same connection to the same node: the store script and WAIT both go through
/// this dedicated multiplexer, WAIT via <c>GetServer(key)</c> to the primary that owns the shard's slot (the same
/// node, and the same interactive connection, the script went to). Dedicated, because a WAIT held up by a missing
/// replica would otherwise stall every quota and guard command queued behind it on the shared connection.
/// </summary>
internal sealed partial class RedisCallbackReplication(RedisConnection redis, CallbackOptions options, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(30);
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => redis.ConnectDedicatedAsync(
        redis.Options.OperationTimeoutMs + (int)options.ReplicaAckTimeout.TotalMilliseconds, "callbacks"), LazyThreadSafetyMode.ExecutionAndPublication);

    private int? _resolved;
    private long _resolvedAt; // a Stopwatch timestamp: the recheck cadence needs elapsed time, not the wall clock

    public async Task<IDatabase> GetDatabaseAsync() => (await _connection.Value).GetDatabase();

    /// <summary>
    /// True when enough replicas hold every write this connection sent to <paramref name="key"/>'s primary so far
    /// (always, when none are required).
    /// </summary>
    public async Task<bool> WaitForReplicasAsync(RedisKey key)
    {
        var multiplexer = await _connection.Value;
        var server = multiplexer.GetServer(key);
        var needed = options.ReplicaAcks ?? await DefaultAcksAsync(multiplexer, server);
        if (needed == 0)
        {
            return true;
        }

        var acknowledged = (long)await server.ExecuteAsync("WAIT", needed, (long)options.ReplicaAckTimeout.TotalMilliseconds);
        if (acknowledged >= needed)
        {
            return true;
        }

        LogReplicaAckMissing(logger, server.EndPoint.ToString() ?? "?", acknowledged, needed, options.ReplicaAckTimeout.TotalMilliseconds);
        return false;
    }

    /// <summary>
    /// 1 once Redis is seen to have replicas (a cluster with replica nodes, or a primary listing a replica), else 0,
    /// re-checked every 30 s while 0. Sticky: a replica that dies later makes callbacks answer 500, not go unprotected.
    /// </summary>
    private async Task<int> DefaultAcksAsync(ConnectionMultiplexer multiplexer, IServer server)
    {
        if (_resolved is { } known && (known > 0 || System.Diagnostics.Stopwatch.GetElapsedTime(_resolvedAt) < RecheckAfter))
        {
            return known;
        }

        var replicas = multiplexer.GetServers().Count(s => s.IsReplica);
        if (replicas == 0 && await server.RoleAsync() is Role.Master primary)
        {
            replicas = primary.Replicas.Count;
        }

        var acks = replicas > 0 ? 1 : 0;
        if (_resolved != acks)
        {
            LogReplicaAcksResolved(logger, acks, replicas);
        }

        (_resolved, _resolvedAt) = (acks, System.Diagnostics.Stopwatch.GetTimestamp());
        return acks;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = EventIds.CallbackReplicaAckMissing, Level = LogLevel.Warning,
        Message = "Callback stored on {Primary} but only {Acknowledged} of {Needed} replicas confirmed it within {TimeoutMs} ms: answered 500 so WeChat Pay sends it again")]
    private static partial void LogReplicaAckMissing(ILogger logger, string primary, long acknowledged, int needed, double timeoutMs);

    [LoggerMessage(EventId = EventIds.CallbackReplicaAcksResolved, Level = LogLevel.Information,
        Message = "Callbacks are answered once {Acks} replica(s) hold them (EdgeGateway:Callbacks:ReplicaAcks not set; {Replicas} replica node(s) seen)")]
    private static partial void LogReplicaAcksResolved(ILogger logger, int acks, int replicas);
}
