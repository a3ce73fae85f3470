using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Caching;

/// <summary>The <see cref="RedisStatusCacheStoreTests"/> on one redis-server.</summary>
public sealed class RedisStatusCacheStoreOnSingleTests() : RedisStatusCacheStoreTests(RedisTopologies.Single);
