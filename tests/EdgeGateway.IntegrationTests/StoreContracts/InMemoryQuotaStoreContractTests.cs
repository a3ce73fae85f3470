namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="QuotaStoreContractTests"/> against the in-memory twin, on a clock the tests move.</summary>
public sealed class InMemoryQuotaStoreContractTests() : QuotaStoreContractTests(StoreBackend.Memory);
