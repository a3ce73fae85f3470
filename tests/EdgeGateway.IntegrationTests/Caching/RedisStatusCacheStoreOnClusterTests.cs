using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>The <see cref="RedisStatusCacheStoreTests"/> on the 6-node Redis Cluster.</summary>
public sealed class RedisStatusCacheStoreOnClusterTests() : RedisStatusCacheStoreTests(RedisTopologies.Cluster);
