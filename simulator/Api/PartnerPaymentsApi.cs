using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Store;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// A service provider's (服务商) payments: prepay, queries and close under <c>/v3/pay/partner/transactions</c>. The
/// service provider signs (sp_mchid); each order belongs to a sub-merchant (sub_mchid), so two sub-merchants may use
/// one out_trade_no. Orders are kept with the direct ones, owned by "sp_mchid/sub_mchid".
/// </summary>
internal sealed class PartnerPaymentsApi(PaymentStore store)
{
    public ApiResult Prepay(ApiRequest request, string tradeType)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        var spMchId = SimulatorJson.Text(body["sp_mchid"]);
        if ((ApiChecks.Signer(request, "sp_mchid", spMchId) ?? ApiChecks.Required(body, "sp_appid", "sub_mchid", "description", "out_trade_no", "notify_url")) is { } error)
        {
            return error;
        }

        var outTradeNo = SimulatorJson.Text(body["out_trade_no"]);
        if (ApiChecks.Format("out_trade_no", outTradeNo, ApiChecks.OutTradeNo(), "须为6-32位数字、大小写字母或_-|*") is { } invalid)
        {
            return invalid;
        }

        if (ApiChecks.Amount(body["amount"]?["total"], "/amount/total", out var total) is { } badAmount)
        {
            return badAmount;
        }

        var openId = SimulatorJson.Text(body["payer"]?["sp_openid"]) ?? SimulatorJson.Text(body["payer"]?["sub_openid"]);
        if (tradeType == "JSAPI" && openId is null)
        {
            return ApiResult.Error(400, "PARAM_ERROR", "JSAPI下单必须提供payer.sp_openid或payer.sub_openid", ApiChecks.Field("/payer/sp_openid"));
        }

        var fingerprint = body.ToJsonString();
        var order = store.GetOrAdd(new Order
        {
            MchId = ApiChecks.Owner(request, SimulatorJson.Text(body["sub_mchid"])),
            AppId = SimulatorJson.Text(body["sp_appid"])!,
            OutTradeNo = outTradeNo!,
            TransactionId = PaymentStore.NewId("4200", 24),
            TradeType = tradeType,
            PrepayId = "wx" + PaymentStore.NewId(string.Empty, 32),
            Total = total,
            Currency = SimulatorJson.Text(body["amount"]?["currency"]) ?? "CNY",
            PayerOpenId = openId,
            NotifyUrl = SimulatorJson.Text(body["notify_url"]),
            Description = SimulatorJson.Text(body["description"]),
            CreationFingerprint = fingerprint,
        });
        if (order.CreationFingerprint != fingerprint)
        {
            return ApiResult.Error(403, "OUT_TRADE_NO_USED", "商户订单号重复");
        }

        return ApiResult.Json(200, tradeType switch
        {
            "NATIVE" => new JsonObject { ["code_url"] = "weixin://wxpay/bizpayurl?pr=" + order.PrepayId[2..12] },
            "MWEB" => new JsonObject { ["h5_url"] = "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=" + order.PrepayId },
            _ => new JsonObject { ["prepay_id"] = order.PrepayId },
        });
    }

    public ApiResult QueryByOutTradeNo(ApiRequest request, string outTradeNo) =>
        QueryOwner(request) is { } owner ? Snapshot(store.FindOrder(owner, outTradeNo)) : QueryError();

    public ApiResult QueryByTransactionId(ApiRequest request, string transactionId) =>
        QueryOwner(request) is { } owner ? Snapshot(store.FindByTransactionId(owner, transactionId)) : QueryError();

    public ApiResult Close(ApiRequest request, string outTradeNo)
    {
        if (request.Json is not JsonObject body)
        {
            return ApiChecks.NotJson();
        }

        if ((ApiChecks.Signer(request, "sp_mchid", SimulatorJson.Text(body["sp_mchid"])) ?? ApiChecks.Required(body, "sub_mchid")) is { } error)
        {
            return error;
        }

        var order = store.FindOrder(ApiChecks.Owner(request, SimulatorJson.Text(body["sub_mchid"])), outTradeNo);
        if (order is null)
        {
            return ApiResult.Error(404, "ORDER_NOT_EXIST", "订单不存在");
        }

        lock (order)
        {
            if (order.TradeState is "SUCCESS" or "REFUND")
            {
                return ApiResult.Error(400, "ORDERPAID", "订单已支付，不能关单");
            }

            order.TradeState = "CLOSED";
        }

        return ApiResult.NoContent();
    }

    /// <summary>A partner query names sp_mchid (the signer) and sub_mchid in its query.</summary>
    private static string? QueryOwner(ApiRequest request) =>
        request.Query.GetValueOrDefault("sp_mchid") == request.Merchant.MchId && request.Query.GetValueOrDefault("sub_mchid") is { Length: > 0 } sub
            ? ApiChecks.Owner(request, sub)
            : null;

    private static ApiResult QueryError() =>
        ApiResult.Error(400, "PARAM_ERROR", "查询参数sp_mchid与请求头中的商户号不一致或缺少sub_mchid", new JsonObject { ["location"] = "query", ["field"] = "sp_mchid" });

    private static ApiResult Snapshot(Order? order)
    {
        if (order is null)
        {
            return ApiResult.Error(404, "ORDER_NOT_EXIST", "订单不存在");
        }

        lock (order)
        {
            var json = order.ToJson();
            var owner = order.MchId.Split('/');
            json.Remove("mchid");
            json.Remove("appid");
            json["sp_mchid"] = owner[0];
            json["sub_mchid"] = owner[^1];
            json["sp_appid"] = order.AppId;
            return ApiResult.Json(200, json);
        }
    }
}
