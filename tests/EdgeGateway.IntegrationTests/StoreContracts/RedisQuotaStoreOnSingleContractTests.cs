using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.StoreContracts;

/// <summary>The <see cref="QuotaStoreContractTests"/> against the Redis store on one redis-server.</summary>
public sealed class RedisQuotaStoreOnSingleContractTests() : QuotaStoreContractTests(RedisTopologies.Single);
