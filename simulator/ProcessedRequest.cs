namespace EdgeGateway.Simulator;

/// <summary>
/// An API request the simulator processed: authenticated, no fault injected in its place, handed to the
/// endpoint (an order may now exist). Raised before the answer is written, so a request whose answer was
/// lost on the way is still counted. <see cref="OutTradeNo"/> is the body's <c>out_trade_no</c>, if any.
/// </summary>
public sealed record ProcessedRequest(DateTimeOffset At, string Method, string Path, string? OutTradeNo, int Status);
