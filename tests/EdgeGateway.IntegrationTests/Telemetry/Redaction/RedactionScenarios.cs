using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Families;
using EdgeGateway.IntegrationTests.Infrastructure;
using EdgeGateway.Simulator.Faults;

namespace EdgeGateway.IntegrationTests.Telemetry.Redaction;

/// <summary>
/// Everything the redaction test drives through the gateway: every route, every refusal, every upstream
/// failure, every spoiled signature. A feature that adds routes, policies or endpoints adds its
/// scenarios here (a rate-limited caller, a quota refusal, a duplicate payment, an open breaker, a
/// callback…) so that its log lines and spans are held to the same rule. The test fails when a route in
/// config/routes.json is not exercised by any scenario.
/// </summary>
public static class RedactionScenarios
{
    public static readonly List<RedactionScenario> All =
    [
        new("prepay on every channel, then query, close", async run =>
        {
            foreach (var channel in (string[])["jsapi", "app", "h5", "native"])
            {
                await run.PostAsync($"/v3/pay/transactions/{channel}", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.OK);
            }

            var outTradeNo = Payloads.NewOutTradeNo("R");
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(outTradeNo), HttpStatusCode.OK);
            await run.GetAsync($"/v3/pay/transactions/out-trade-no/{outTradeNo}?mchid={run.MchId}", HttpStatusCode.OK);
            await run.PostAsync($"/v3/pay/transactions/out-trade-no/{outTradeNo}/close", new JsonObject { ["mchid"] = run.MchId }, HttpStatusCode.NoContent);
        }),
        new("paid order: query by transaction id, refund, query the refund, abnormal refund", async run =>
        {
            var outTradeNo = Payloads.NewOutTradeNo("R");
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(outTradeNo), HttpStatusCode.OK);
            var order = run.Host.Simulator.Payments.MarkPaid(run.MchId, outTradeNo)!;
            await run.GetAsync($"/v3/pay/transactions/id/{order.TransactionId}?mchid={run.MchId}", HttpStatusCode.OK);
            var outRefundNo = Payloads.NewOutTradeNo("RF");
            await run.PostAsync("/v3/refund/domestic/refunds", new JsonObject
            {
                ["out_trade_no"] = outTradeNo,
                ["out_refund_no"] = outRefundNo,
                ["reason"] = $"{RedactionRun.PayerName} asked, {RedactionRun.PayerPhone}",
                ["amount"] = new JsonObject { ["refund"] = 100, ["total"] = 100, ["currency"] = "CNY" },
            }, HttpStatusCode.OK);
            await run.GetAsync($"/v3/refund/domestic/refunds/{outRefundNo}", HttpStatusCode.OK);
            var refund = run.Host.Simulator.Store.FindRefund(run.MchId, outRefundNo)!;
            refund.Status = "ABNORMAL"; // the payer's card could not take it: send it again
            await run.PostAsync($"/v3/refund/domestic/refunds/{refund.RefundId}/apply-abnormal-refund", new JsonObject
            {
                ["out_refund_no"] = outRefundNo,
                ["type"] = "MERCHANT_BANK_CARD",
                ["bank_type"] = "ICBC_DEBIT",
            }, HttpStatusCode.OK);
        }),
        new("bills, bill download, certificates, media and video upload", async run =>
        {
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.OK);
            await run.GetAsync("/v3/bill/fundflowbill?bill_date=2026-11-25", HttpStatusCode.OK);
            var bill = JsonNode.Parse(await run.GetAsync("/v3/bill/tradebill?bill_date=2026-11-25&bill_type=ALL", HttpStatusCode.OK))!;
            await run.GetAsync(new Uri((string)bill["download_url"]!).PathAndQuery, HttpStatusCode.OK);
            await run.GetAsync("/v3/certificates", HttpStatusCode.OK);

            var image = RandomNumberGenerator.GetBytes(2048);
            var meta = $"{{\"filename\":\"{RedactionRun.PayerPhone}.png\",\"sha256\":\"{Convert.ToHexStringLower(SHA256.HashData(image))}\"}}";
            MultipartFormDataContent Form(string contentType)
            {
                var form = new MultipartFormDataContent("edgegateway-redaction");
                var metaPart = new ByteArrayContent(Encoding.UTF8.GetBytes(meta));
                metaPart.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                form.Add(metaPart, "\"meta\"");
                var filePart = new ByteArrayContent(image);
                filePart.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                form.Add(filePart, "\"file\"", $"\"{RedactionRun.PayerPhone}.png\"");
                return form;
            }

            using (var form = Form("image/png"))
            {
                await run.SendAsync(HttpMethod.Post, "/v3/merchant/media/upload", form, HttpStatusCode.OK);
            }

            using (var video = Form("video/mp4"))
            {
                await run.SendAsync(HttpMethod.Post, "/v3/merchant/media/video_upload", video, HttpStatusCode.OK);
            }
        }),
        new("partner payments: prepay on every channel, query by number and id, close", async run =>
        {
            foreach (var channel in (string[])["jsapi", "app", "h5", "native"])
            {
                await run.PostAsync($"/v3/pay/partner/transactions/{channel}",
                    FamilyPayloads.PartnerPrepay(run.MchId, FamilyPayloads.SubMchId, Payloads.NewOutTradeNo("RP")), HttpStatusCode.OK);
            }

            var outTradeNo = Payloads.NewOutTradeNo("RP");
            await run.PostAsync("/v3/pay/partner/transactions/jsapi", FamilyPayloads.PartnerPrepay(run.MchId, FamilyPayloads.SubMchId, outTradeNo), HttpStatusCode.OK);
            var partner = $"sp_mchid={run.MchId}&sub_mchid={FamilyPayloads.SubMchId}";
            await run.GetAsync($"/v3/pay/partner/transactions/out-trade-no/{outTradeNo}?{partner}", HttpStatusCode.OK);
            await run.GetAsync($"/v3/pay/partner/transactions/id/4200000000000000000000000000?{partner}", HttpStatusCode.NotFound);
            await run.PostAsync($"/v3/pay/partner/transactions/out-trade-no/{outTradeNo}/close",
                new JsonObject { ["sp_mchid"] = run.MchId, ["sub_mchid"] = FamilyPayloads.SubMchId }, HttpStatusCode.NoContent);
        }),
        new("combined payments on every channel, query, close", async run =>
        {
            foreach (var channel in (string[])["jsapi", "app", "h5", "native"])
            {
                await run.PostAsync($"/v3/combine-transactions/{channel}", FamilyPayloads.CombinePrepay(run.MchId, Payloads.NewOutTradeNo("RC")), HttpStatusCode.OK);
            }

            var number = Payloads.NewOutTradeNo("RC");
            await run.PostAsync("/v3/combine-transactions/jsapi", FamilyPayloads.CombinePrepay(run.MchId, number), HttpStatusCode.OK);
            await run.GetAsync($"/v3/combine-transactions/out-trade-no/{number}", HttpStatusCode.OK);
            await run.PostAsync($"/v3/combine-transactions/out-trade-no/{number}/close", new JsonObject
            {
                ["combine_appid"] = "wxd678efh567hg6787",
                ["sub_orders"] = new JsonArray(new JsonObject { ["mchid"] = "1230000109", ["out_trade_no"] = number + "A" }),
            }, HttpStatusCode.NoContent);
        }),
        new("profit sharing with a receiver's name, query, return, unfreeze, receivers; transfers with the payee's name, cancel, query", async run =>
        {
            var outOrderNo = Payloads.NewOutTradeNo("RS");
            await run.PostAsync("/v3/profitsharing/orders", FamilyPayloads.ProfitSharingOrder(outOrderNo, RedactionRun.PayerName), HttpStatusCode.OK);
            await run.GetAsync($"/v3/profitsharing/orders/{outOrderNo}?transaction_id=4208450740201411110007820472", HttpStatusCode.OK);
            await run.PostAsync("/v3/profitsharing/return-orders", new JsonObject
            {
                ["out_order_no"] = outOrderNo, ["out_return_no"] = "R" + outOrderNo, ["return_mchid"] = "86693852", ["amount"] = 10,
                ["description"] = $"{RedactionRun.PayerName} {RedactionRun.PayerPhone}",
            }, HttpStatusCode.OK);
            await run.GetAsync($"/v3/profitsharing/return-orders/R{outOrderNo}?out_order_no={outOrderNo}", HttpStatusCode.OK);
            await run.PostAsync("/v3/profitsharing/orders/unfreeze", new JsonObject
            {
                ["transaction_id"] = "4208450740201411110007820472", ["out_order_no"] = outOrderNo, ["description"] = "解冻",
            }, HttpStatusCode.OK);
            await run.PostAsync("/v3/profitsharing/receivers/add", new JsonObject
            {
                ["appid"] = "wx8888888888888888", ["type"] = "PERSONAL_OPENID", ["account"] = run.OpenId, ["name"] = RedactionRun.PayerName, ["relation_type"] = "USER",
            }, HttpStatusCode.OK);
            await run.PostAsync("/v3/profitsharing/receivers/delete", new JsonObject
            {
                ["appid"] = "wx8888888888888888", ["type"] = "PERSONAL_OPENID", ["account"] = run.OpenId,
            }, HttpStatusCode.OK);

            var outBillNo = Payloads.NewOutTradeNo("RT");
            await run.PostAsync("/v3/fund-app/mch-transfer/transfer-bills", FamilyPayloads.Transfer(outBillNo, RedactionRun.PayerName), HttpStatusCode.OK);
            await run.GetAsync($"/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{outBillNo}", HttpStatusCode.OK);
            await run.SendAsync(HttpMethod.Post, $"/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{outBillNo}/cancel", new ByteArrayContent([]), HttpStatusCode.OK);
            var notAString = FamilyPayloads.Transfer(Payloads.NewOutTradeNo("RT"), RedactionRun.PayerName);
            notAString["user_name"] = new JsonArray(RedactionRun.PayerName);
            await run.PostAsync("/v3/fund-app/mch-transfer/transfer-bills", notAString, HttpStatusCode.BadRequest);
        }),
        new("unrouted path: 404 ROUTE_NOT_FOUND", async run =>
        {
            await run.GetAsync("/v3/no-such-api/users", HttpStatusCode.NotFound);
        }),
        new("refusals: malformed JSON, unknown merchant, encoded slash, oversized body", async run =>
        {
            await run.SendAsync(HttpMethod.Post, "/v3/pay/transactions/jsapi",
                Payloads.Json($"{{\"payer\":{{\"openid\":\"{run.OpenId}\"}},\"attach\":\"{RedactionRun.PayerName}"), HttpStatusCode.BadRequest);
            await run.PostAsync("/v3/pay/transactions/jsapi", Payloads.JsapiPrepay("1999999999", Payloads.NewOutTradeNo("R"), openId: run.OpenId),
                HttpStatusCode.BadRequest);
            await run.GetAsync($"/v3/pay/transactions/out-trade-no/a%2Fb?mchid={run.MchId}", HttpStatusCode.BadRequest);
            var oversized = run.Prepay(Payloads.NewOutTradeNo("R"));
            oversized["detail"] = new string('x', 2 * 1024 * 1024);
            await run.PostAsync("/v3/pay/transactions/jsapi", oversized, HttpStatusCode.RequestEntityTooLarge);
        }),
        new("WeChat Pay's own errors pass through: 404, 429, 500, 503", async run =>
        {
            await run.GetAsync($"/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid={run.MchId}", HttpStatusCode.NotFound);
            foreach (var (faults, status) in (IEnumerable<(FaultSettings, HttpStatusCode)>)
                     [
                         (new FaultSettings { TooManyRequestsRate = 1 }, HttpStatusCode.TooManyRequests),
                         (new FaultSettings { ServerErrorRate = 1 }, HttpStatusCode.InternalServerError),
                         (new FaultSettings { ServiceUnavailableRate = 1 }, HttpStatusCode.ServiceUnavailable),
                     ])
            {
                using (run.Faults(faults))
                {
                    await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), status);
                }
            }
        }),
        new("every spoiled signature, garbage and a reset connection: 502", async run =>
        {
            foreach (var fault in Enum.GetValues<SignatureFault>().Where(f => f != SignatureFault.None))
            {
                using (run.Faults(new FaultSettings { SignatureFault = fault }))
                {
                    await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.BadGateway);
                }
            }

            using (run.Faults(new FaultSettings { GarbageRate = 1 }))
            {
                await run.GetAsync($"/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid={run.MchId}", HttpStatusCode.BadGateway);
            }

            using (run.Faults(new FaultSettings { ConnectionResetRate = 1 }))
            {
                await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.BadGateway);
            }
        }),
        new("callers: no key, an unknown key (401), a caller outside its routes and merchants (403)", async run =>
        {
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.Unauthorized, apiKey: null);
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.Unauthorized,
                apiKey: "unknown-" + Guid.NewGuid().ToString("N"));
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.Forbidden, apiKey: NarrowCallerKey);
            await run.GetAsync($"/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid={run.MchId}", HttpStatusCode.Forbidden, apiKey: NarrowCallerKey);
        }, new Dictionary<string, string?>
        {
            ["EdgeGateway:Callers:narrow:ApiKeySha256"] = GatewayTestHost.HashApiKey(NarrowCallerKey),
            ["EdgeGateway:Callers:narrow:Routes:0"] = "pay-query-by-out-trade-no",
            ["EdgeGateway:Callers:narrow:MchIds:0"] = "1900000099",
        }),
        new("route rate limit: 429 RATE_LIMITED", async run =>
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                statuses.Add((await run.SendForStatusAsync(HttpMethod.Post, "/v3/pay/transactions/jsapi", Payloads.Json(run.Prepay(Payloads.NewOutTradeNo("R"))))).Status);
            }

            Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        }, new Dictionary<string, string?>
        {
            ["Policies:RateLimits:redaction:PermitsPerSecond"] = "1",
            ["Policies:RateLimits:redaction:Burst"] = "1",
            ["Policies:RateLimits:redaction:ConcurrencyLimit"] = "0",
            ["ReverseProxy:Routes:pay-jsapi:RateLimiterPolicy"] = "redaction",
        }),
        new("per-payer quota in Redis (keyed by openid): 429 QUOTA_EXCEEDED", async run =>
        {
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.OK);
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.TooManyRequests);
        }, QuotaOnOpenId(), UsesRedis: true),
        new("WeChat Pay slower than the route's timeout: 504", async run =>
        {
            using (run.Faults(new FaultSettings { LatencyMs = 4000 }))
            {
                await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.GatewayTimeout);
            }
        }, new Dictionary<string, string?> { ["ReverseProxy:Routes:pay-jsapi:Timeout"] = "00:00:01" }),
        new("WeChat Pay unreachable: 502", async run =>
        {
            await run.PostAsync("/v3/pay/transactions/jsapi", run.Prepay(Payloads.NewOutTradeNo("R")), HttpStatusCode.BadGateway);
        }, Unreachable()),
    ];

    /// <summary>A test-only API key of a caller allowed one route and another merchant.</summary>
    private const string NarrowCallerKey = "redaction-narrow-caller-key-test-only";

    private static Dictionary<string, string?> QuotaOnOpenId() => new()
    {
        ["Policies:Quotas:redaction:Windows:0:Limit"] = "1",
        ["Policies:Quotas:redaction:Windows:0:Period"] = "01:00:00",
        ["Policies:Quotas:redaction:User:JsonField"] = "payer.openid",
        ["ReverseProxy:Routes:pay-jsapi:Metadata:Quota"] = "redaction",
    };

    private static Dictionary<string, string?> Unreachable()
    {
        var closed = $"http://127.0.0.1:{GatewayTestHost.ClosedPort}/";
        return new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:wechatpay:Destinations:primary:Address"] = closed,
            ["ReverseProxy:Clusters:wechatpay:Destinations:backup:Address"] = closed,
        };
    }
}
