using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>
/// What one contract test runs a store on: this process's memory with a clock the test moves, or a real Redis (one
/// redis-server or the cluster) under a key prefix of its own. Redis keeps time by its own clock (TIME, key expiry),
/// so there time really passes; the in-memory twins read <see cref="Clock"/>, which <see cref="PassAsync"/> moves on at once.
/// </summary>
internal sealed class StoreBackend : IAsyncDisposable
{
    /// <summary>The in-memory twin, as the sandbox and single-instance mode run it.</summary>
    public const string Memory = "memory";

    // Timers may fire up to a tick before their due time; Redis must see the whole span gone by.
    private static readonly TimeSpan RealTimeMargin = TimeSpan.FromMilliseconds(25);

    private readonly List<IAsyncDisposable> _owned = [];

    private StoreBackend(string name, TimeProvider clock, RedisConnection? redis)
    {
        Name = name;
        Clock = clock;
        Redis = redis;
    }

    /// <summary><see cref="Memory"/>, <see cref="RedisTopologies.Single"/> or <see cref="RedisTopologies.Cluster"/>.</summary>
    public string Name { get; }

    public bool IsMemory => Redis is null;

    /// <summary>The in-memory twin's clock (a fake one that only <see cref="PassAsync"/> moves); the system clock for Redis.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The connection a Redis store uses, null for memory.</summary>
    public RedisConnection? Redis { get; }

    public static async Task<StoreBackend> OpenAsync(string name, string test)
    {
        if (name == Memory)
        {
            return new StoreBackend(name, new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)), null);
        }

        var topology = await RedisTopologies.SharedAsync(name);
        return new StoreBackend(name, TimeProvider.System, new RedisConnection(Options.Create(new RedisOptions
        {
            Configuration = topology.Endpoint,
            KeyPrefix = RedisServer.NewPrefix(test),
            OperationTimeoutMs = 3000, // the stores' behaviour is under test, not the timeout: a loaded machine must not fail it
        }), NullLogger<RedisConnection>.Instance));
    }

    /// <summary>Lets <paramref name="span"/> go by as the store sees time: at once in memory, really on Redis.</summary>
    public Task PassAsync(TimeSpan span)
    {
        if (Clock is FakeTimeProvider fake)
        {
            fake.Advance(span);
            return Task.CompletedTask;
        }

        return Task.Delay(span + RealTimeMargin);
    }

    /// <summary>Disposes <paramref name="item"/> (a store with a connection or loop of its own) before the connection.</summary>
    public T Owned<T>(T item)
    {
        if (item is IAsyncDisposable disposable)
        {
            _owned.Add(disposable);
        }

        return item;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var item in _owned)
        {
            await item.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }
}
