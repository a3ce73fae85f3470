namespace EdgeGateway.Transforms.Yarp;

/// <summary>
/// Set on <c>HttpContext.Features</c> by <see cref="GatewayErrorResponse"/> whenever the gateway answers with
/// an error of its own, so request telemetry can label the answer with its code (metrics, logs, spans)
/// without reading the body back.
/// </summary>
public sealed record GatewayErrorFeature(int Status, string Code);
