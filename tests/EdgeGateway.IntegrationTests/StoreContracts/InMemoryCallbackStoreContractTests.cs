namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="CallbackStoreContractTests"/> against the in-memory twin, on a clock the tests move.</summary>
public sealed class InMemoryCallbackStoreContractTests() : CallbackStoreContractTests(StoreBackend.Memory);
