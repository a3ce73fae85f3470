using System.Text.Json;
using EdgeGateway.Configuration;
using EdgeGateway.Merchants;
using EdgeGateway.Transforms.Yarp;
using Yarp.ReverseProxy.Configuration;

namespace EdgeGateway.Requests;

/// <summary>
/// Everything the gateway resolved about a request before forwarding it, resolved once by
/// the proxy's preparation step (<c>RequestPreparationMiddleware</c>) and never changed after: the route and its policies, the merchant, the
/// body and what was read from it, and what the signer and verifier need. Every later step — the merchant check, the
/// quota, the status cache, the duplicate guard, the handler below YARP — reads this one value from
/// <c>HttpContext.Features</c>; what came back from WeChat Pay is a separate value, <see cref="WeChatPayAnswer"/>.
/// </summary>
public sealed class PreparedRequest
{
    public required RouteConfig Route { get; init; }

    public string RouteId => Route.RouteId;

    /// <summary>The route's policies, from the catalogue as it was when the request was prepared.</summary>
    public required RoutePolicies Policies { get; init; }

    public required Merchant Merchant { get; init; }

    public required RequestIdentifiers Identifiers { get; init; }

    /// <summary>What the route's requests must look like (body kind, merchant fields, the guard's key field).</summary>
    public required RequestShape Shape { get; init; }

    /// <summary>The exact body bytes forwarded (empty for none).</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// The body as the caller sent it, before the gateway encrypted its sensitive fields (docs/PROTOCOL.md §5): what makes
    /// two requests identical to the duplicate-payment guard, since OAEP gives a new ciphertext every time. Null: <see cref="Body"/>.
    /// </summary>
    public ReadOnlyMemory<byte>? CallerBody { get; init; }

    /// <summary>
    /// The caller's JSON (an upload's <c>meta</c>), parsed once and strictly; valid until the response completes. Null
    /// when the request has no body. Steps read fields from it (the quota's end user) instead of parsing again.
    /// </summary>
    public JsonElement? Json { get; init; }

    /// <summary>What the signer and the answer's verifier need: also in <c>HttpContext.Features</c> for the transforms.</summary>
    public required WeChatPayExchange Exchange { get; init; }
}
