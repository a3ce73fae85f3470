namespace EdgeGateway.RateLimiting;

/// <summary>
/// The partition of a route's limiter: the route and the settings it runs under. The settings are part of the
/// key so that a changed policy (hot reload) gets a fresh limiter on the next request; the old one is disposed
/// by the framework once idle.
/// </summary>
internal readonly record struct RouteLimiterKey(string RouteId, int PermitsPerSecond, int Burst, int ConcurrencyLimit);
