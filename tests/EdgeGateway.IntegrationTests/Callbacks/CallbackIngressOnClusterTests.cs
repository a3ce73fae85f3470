using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>The <see cref="CallbackIngressTests"/> on the 6-node Redis Cluster.</summary>
public sealed class CallbackIngressOnClusterTests() : CallbackIngressTests(RedisTopologies.Cluster);
