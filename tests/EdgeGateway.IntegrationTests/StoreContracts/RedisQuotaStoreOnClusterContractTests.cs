using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="QuotaStoreContractTests"/> against the Redis store on the 6-node Redis Cluster.</summary>
public sealed class RedisQuotaStoreOnClusterContractTests() : QuotaStoreContractTests(RedisTopologies.Cluster);
