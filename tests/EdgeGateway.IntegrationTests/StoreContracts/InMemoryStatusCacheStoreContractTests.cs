namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="StatusCacheStoreContractTests"/> against the in-memory twin, on a clock the tests move.</summary>
public sealed class InMemoryStatusCacheStoreContractTests() : StatusCacheStoreContractTests(StoreBackend.Memory);
