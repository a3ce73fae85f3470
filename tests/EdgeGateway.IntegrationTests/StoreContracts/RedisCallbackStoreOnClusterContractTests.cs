using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="CallbackStoreContractTests"/> against the Redis store on the 6-node Redis Cluster.</summary>
public sealed class RedisCallbackStoreOnClusterContractTests() : CallbackStoreContractTests(RedisTopologies.Cluster);
