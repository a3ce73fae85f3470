using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.Simulator.Store;

namespace EdgeGateway.Simulator.Api;

/// <summary>
/// Trade bills: <c>GET /v3/bill/tradebill</c> answers a signed <c>{hash_type, hash_value, download_url}</c>,
/// and <c>GET /v3/billdownload/file?token=…</c> serves the file itself, unsigned, as WeChat Pay does (§2.4).
/// </summary>
internal sealed class BillsApi(PaymentStore store)
{
    private readonly ConcurrentDictionary<string, (string MchId, byte[] Content)> _files = new();

    public ApiResult TradeBill(ApiRequest request)
    {
        var billDate = request.Query.GetValueOrDefault("bill_date");
        if (billDate is null || !DateOnly.TryParseExact(billDate, "yyyy-MM-dd", out _))
        {
            return ApiResult.Error(400, "PARAM_ERROR", "bill_date 格式应为 yyyy-MM-dd", new JsonObject { ["location"] = "query", ["field"] = "bill_date" });
        }

        var csv = new StringBuilder("交易时间,公众账号ID,商户号,商户订单号,微信订单号,交易状态,订单金额\r\n");
        foreach (var order in store.Orders.Where(o => o.MchId == request.Merchant.MchId).OrderBy(o => o.OutTradeNo, StringComparer.Ordinal))
        {
            csv.Append('`').Append(billDate).Append(",`").Append(order.AppId).Append(",`").Append(order.MchId).Append(",`")
                .Append(order.OutTradeNo).Append(",`").Append(order.TransactionId).Append(",`").Append(order.TradeState).Append(",`")
                .Append((order.Total / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        }

        var content = Encoding.UTF8.GetBytes(csv.ToString());
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _files[token] = (request.Merchant.MchId, content);
        return ApiResult.Json(200, new JsonObject
        {
            ["hash_type"] = "SHA1",
            ["hash_value"] = Convert.ToHexStringLower(SHA1.HashData(content)),
            ["download_url"] = $"{request.BaseAddress}/v3/billdownload/file?token={token}",
        });
    }

    public ApiResult Download(ApiRequest request)
    {
        var token = request.Query.GetValueOrDefault("token");
        if (token is null || !_files.TryGetValue(token, out var file) || file.MchId != request.Merchant.MchId)
        {
            return ApiResult.Error(400, "INVALID_REQUEST", "下载链接无效或已过期");
        }

        return new ApiResult(200, file.Content, "text/csv; charset=utf-8", Unsigned: true);
    }
}
