namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>
/// The frame of every store contract: each test gets a fresh <see cref="StoreBackend"/> (<paramref name="backend"/>) and
/// a store opened on it, so one set of tests states what an interface promises and runs unchanged against the
/// in-memory twin and Redis.
/// </summary>
public abstract class StoreContractTests(string backend) : IAsyncLifetime
{
    private StoreBackend? _backend;

    private protected StoreBackend Backend => _backend ?? throw new InvalidOperationException("The backend opens in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _backend = await StoreBackend.OpenAsync(backend, GetType().Name);
        Open(_backend);
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    /// <summary>Opens the store under test on <paramref name="opened"/> (registering it with <see cref="StoreBackend.Owned{T}"/> if it needs disposing).</summary>
    private protected abstract void Open(StoreBackend opened);

    /// <summary>Lets time pass as the store sees it (see <see cref="StoreBackend.PassAsync"/>).</summary>
    private protected Task PassAsync(TimeSpan span) => Backend.PassAsync(span);
}
