namespace EdgeGateway.Callbacks;

/// <summary>
/// One entry of config/callbacks.json: WeChat Pay calls <c>POST /notify/{name}</c>, the callback is verified
/// and decrypted with <see cref="MchId"/>'s keys and delivered to <see cref="TargetUrl"/>.
/// </summary>
public sealed class CallbackRoute
{
    /// <summary>Required. The merchant (configured under EdgeGateway:Merchants) whose keys verify and decrypt the callback.</summary>
    public string? MchId { get; set; }

    /// <summary>Required. Absolute http(s) URL of the internal service the decrypted event is POSTed to.</summary>
    public string? TargetUrl { get; set; }
}
