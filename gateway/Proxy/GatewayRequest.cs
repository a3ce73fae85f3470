using EdgeGateway.Merchants;

namespace EdgeGateway.Proxy;

/// <summary>What the gateway learned about a request before forwarding it; a feature on HttpContext.</summary>
public sealed class GatewayRequest
{
    public required string RouteId { get; init; }

    public required Merchant Merchant { get; init; }

    public required RequestIdentifiers Identifiers { get; init; }

    /// <summary>What the route's requests must look like (body kind, merchant fields, the guard's key field).</summary>
    public required RequestShape Shape { get; init; }

    /// <summary>The exact body bytes forwarded (empty for none).</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// The body as the caller sent it, before the gateway encrypted its sensitive fields (PROTOCOL.md §5): what makes two
    /// requests identical to the duplicate-payment guard, since OAEP gives a new ciphertext every time. Null: <see cref="Body"/>.
    /// </summary>
    public ReadOnlyMemory<byte>? CallerBody { get; init; }
}
