namespace EdgeGateway.Requests;

/// <summary>Whose API a route is (route <c>Metadata.Merchant</c>), and so which merchant fields its requests may carry.</summary>
public enum MerchantFields
{
    /// <summary>Direct merchants (直连商户): <c>mchid</c>; a <c>sp_mchid</c> or <c>sub_mchid</c> is refused, it means nothing here.</summary>
    Direct,

    /// <summary>Service providers (服务商): <c>sp_mchid</c> signs, <c>sub_mchid</c> is required and is part of the order's identity.</summary>
    Partner,

    /// <summary>A path both use (refunds): <c>sp_mchid</c> and <c>sub_mchid</c> are optional.</summary>
    Either,
}
