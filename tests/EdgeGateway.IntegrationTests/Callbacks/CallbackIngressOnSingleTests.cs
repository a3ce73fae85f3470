using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Callbacks;

/// <summary>The <see cref="CallbackIngressTests"/> on one redis-server.</summary>
public sealed class CallbackIngressOnSingleTests() : CallbackIngressTests(RedisTopologies.Single);
