using System.Text.RegularExpressions;

namespace EdgeGateway.Simulator.Api;

/// <summary>Maps (method, path) to the in-memory WeChat Pay endpoints the simulator serves.</summary>
internal sealed class ApiRouter
{
    private readonly List<(string Method, Regex Pattern, Func<ApiRequest, string?, ApiResult> Handler)> _routes = [];

    public ApiRouter(PaymentsApi payments, RefundsApi refunds, CertificatesApi certificates, BillsApi bills, PartnerPaymentsApi partner,
        CombineApi combine, ProfitSharingApi profitSharing, TransfersApi transfers)
    {
        Add("POST", "^/v3/pay/transactions/jsapi$", (r, _) => payments.Prepay(r, "JSAPI"));
        Add("POST", "^/v3/pay/transactions/app$", (r, _) => payments.Prepay(r, "APP"));
        Add("POST", "^/v3/pay/transactions/h5$", (r, _) => payments.Prepay(r, "MWEB"));
        Add("POST", "^/v3/pay/transactions/native$", (r, _) => payments.Prepay(r, "NATIVE"));
        Add("GET", "^/v3/pay/transactions/id/([^/]+)$", (r, _) => payments.QueryByTransactionId(r, r.RouteValues[0]));
        Add("GET", "^/v3/pay/transactions/out-trade-no/([^/]+)$", (r, _) => payments.QueryByOutTradeNo(r, r.RouteValues[0]));
        Add("POST", "^/v3/pay/transactions/out-trade-no/([^/]+)/close$", (r, _) => payments.Close(r, r.RouteValues[0]));
        Add("POST", "^/v3/refund/domestic/refunds$", (r, _) => refunds.Create(r));
        Add("GET", "^/v3/refund/domestic/refunds/([^/]+)$", (r, _) => refunds.Query(r, r.RouteValues[0]));
        Add("POST", "^/v3/refund/domestic/refunds/([^/]+)/apply-abnormal-refund$", (r, _) => refunds.ApplyAbnormal(r, r.RouteValues[0]));
        Add("GET", "^/v3/certificates$", (r, _) => certificates.List(r));
        Add("GET", "^/v3/bill/tradebill$", (r, _) => bills.TradeBill(r));
        Add("GET", "^/v3/bill/fundflowbill$", (r, _) => bills.TradeBill(r));
        Add("GET", "^/v3/billdownload/file$", (r, _) => bills.Download(r));
        Add("POST", "^/v3/merchant/media/upload$", (r, _) => MediaApi.Upload(r));
        Add("POST", "^/v3/merchant/media/video_upload$", (r, _) => MediaApi.Upload(r));
        Add("POST", "^/v3/pay/partner/transactions/jsapi$", (r, _) => partner.Prepay(r, "JSAPI"));
        Add("POST", "^/v3/pay/partner/transactions/app$", (r, _) => partner.Prepay(r, "APP"));
        Add("POST", "^/v3/pay/partner/transactions/h5$", (r, _) => partner.Prepay(r, "MWEB"));
        Add("POST", "^/v3/pay/partner/transactions/native$", (r, _) => partner.Prepay(r, "NATIVE"));
        Add("GET", "^/v3/pay/partner/transactions/id/([^/]+)$", (r, _) => partner.QueryByTransactionId(r, r.RouteValues[0]));
        Add("GET", "^/v3/pay/partner/transactions/out-trade-no/([^/]+)$", (r, _) => partner.QueryByOutTradeNo(r, r.RouteValues[0]));
        Add("POST", "^/v3/pay/partner/transactions/out-trade-no/([^/]+)/close$", (r, _) => partner.Close(r, r.RouteValues[0]));
        Add("POST", "^/v3/combine-transactions/jsapi$", (r, _) => combine.Prepay(r, "JSAPI"));
        Add("POST", "^/v3/combine-transactions/app$", (r, _) => combine.Prepay(r, "APP"));
        Add("POST", "^/v3/combine-transactions/h5$", (r, _) => combine.Prepay(r, "MWEB"));
        Add("POST", "^/v3/combine-transactions/native$", (r, _) => combine.Prepay(r, "NATIVE"));
        Add("GET", "^/v3/combine-transactions/out-trade-no/([^/]+)$", (r, _) => combine.Query(r, r.RouteValues[0]));
        Add("POST", "^/v3/combine-transactions/out-trade-no/([^/]+)/close$", (r, _) => combine.Close(r, r.RouteValues[0]));
        Add("POST", "^/v3/profitsharing/orders$", (r, _) => profitSharing.CreateOrder(r));
        Add("POST", "^/v3/profitsharing/orders/unfreeze$", (r, _) => profitSharing.Unfreeze(r));
        Add("GET", "^/v3/profitsharing/orders/([^/]+)$", (r, _) => profitSharing.QueryOrder(r, r.RouteValues[0]));
        Add("POST", "^/v3/profitsharing/return-orders$", (r, _) => profitSharing.CreateReturn(r));
        Add("GET", "^/v3/profitsharing/return-orders/([^/]+)$", (r, _) => profitSharing.QueryReturn(r, r.RouteValues[0]));
        Add("POST", "^/v3/profitsharing/receivers/add$", (r, _) => profitSharing.AddReceiver(r));
        Add("POST", "^/v3/profitsharing/receivers/delete$", (r, _) => ProfitSharingApi.DeleteReceiver(r));
        Add("POST", "^/v3/fund-app/mch-transfer/transfer-bills$", (r, _) => transfers.Create(r));
        Add("POST", "^/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/([^/]+)/cancel$", (r, _) => transfers.Cancel(r, r.RouteValues[0]));
        Add("GET", "^/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/([^/]+)$", (r, _) => transfers.Query(r, r.RouteValues[0]));
    }

    /// <summary>Finds the handler and the path's captured values, or null for an unknown endpoint.</summary>
    public (Func<ApiRequest, string?, ApiResult> Handler, string[] Values)? Match(string method, string path)
    {
        foreach (var (routeMethod, pattern, handler) in _routes)
        {
            if (routeMethod != method)
            {
                continue;
            }

            var match = pattern.Match(path);
            if (match.Success)
            {
                return (handler, match.Groups.Values.Skip(1).Select(g => g.Value).ToArray());
            }
        }

        return null;
    }

    private void Add(string method, string pattern, Func<ApiRequest, string?, ApiResult> handler) =>
        _routes.Add((method, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled), handler));
}
