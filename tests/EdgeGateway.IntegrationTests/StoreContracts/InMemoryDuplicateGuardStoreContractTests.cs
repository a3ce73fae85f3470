namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="DuplicateGuardStoreContractTests"/> against the in-memory twin, on a clock the tests move.</summary>
public sealed class InMemoryDuplicateGuardStoreContractTests() : DuplicateGuardStoreContractTests(StoreBackend.Memory);
