using System.Collections.Concurrent;
using EdgeGateway.Simulator.Api;
using EdgeGateway.Simulator.Auth;
using EdgeGateway.Simulator.Callbacks;
using EdgeGateway.Simulator.Faults;
using EdgeGateway.Simulator.Keys;
using EdgeGateway.Simulator.Store;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EdgeGateway.Simulator;

/// <summary>
/// A running WeChat Pay v3 stand-in on its own Kestrel server. Start it with <see cref="StartAsync"/>; the tests,
/// <c>dotnet run --project simulator</c> and, through <see cref="SandboxWeChatPay"/>, the gateway's sandbox mode all
/// use this one type.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private const int MaxRecorded = 100_000;
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private SimulatorHost(WebApplication app, SimulatorOptions options)
    {
        _app = app;
        Options = options;
        KeyRing = new PlatformKeyRing(options.PlatformCertificates, options.PublicKey);
        Faults = new FaultInjector(options.Faults);
        Store = new PaymentStore();
        Signer = new AnswerSigner(KeyRing, options);
        CallbackHttpClient = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) });
        Callbacks = new CallbackSender(Signer, options.TimeProvider, CallbackHttpClient);
        Payments = new PaymentsApi(Store, options.TimeProvider);
        Refunds = new RefundsApi(Store, options.TimeProvider);
        Records = new RecordStore();
    }

    public SimulatorOptions Options { get; }

    public PlatformKeyRing KeyRing { get; }

    public FaultInjector Faults { get; }

    public PaymentStore Store { get; }

    public AnswerSigner Signer { get; }

    public CallbackSender Callbacks { get; }

    internal PaymentsApi Payments { get; }

    internal RefundsApi Refunds { get; }

    /// <summary>Combined payments, profit sharing and transfers the simulator holds.</summary>
    public RecordStore Records { get; }

    private HttpClient CallbackHttpClient { get; }

    /// <summary>The address the simulator listens on, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every API request seen so far (most recent 100 000), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public void ClearRequests() => _requests.Clear();

    /// <summary>
    /// Raised for every API request the endpoints processed (see <see cref="ProcessedRequest"/>), on the request's
    /// thread, before the answer is written: how fault drills count what reached WeChat Pay's side.
    /// </summary>
    public event Action<ProcessedRequest>? Processed;

    /// <summary>How many requests with this method and a path starting with <paramref name="pathPrefix"/> arrived.</summary>
    public int CountRequests(string method, string pathPrefix) =>
        _requests.Count(r => r.Method == method && r.Target.StartsWith(pathPrefix, StringComparison.Ordinal));

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, string url = "http://127.0.0.1:0",
        Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 32 * 1024 * 1024);
        builder.Services.AddRoutingCore();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);

        var app = builder.Build();
        var host = new SimulatorHost(app, options);
        var pipeline = new SimulatorPipeline(host, new RequestAuthenticator(options, new NonceCache(options.TimeProvider, options.MaxClockSkew)),
            new ApiRouter(host.Payments, host.Refunds, new CertificatesApi(host.KeyRing), new BillsApi(host.Store), new PartnerPaymentsApi(host.Store),
                new CombineApi(host.Records), new ProfitSharingApi(host.Records, new SensitiveFieldDecryptor(host.KeyRing), options.TimeProvider),
                new TransfersApi(host.Records, new SensitiveFieldDecryptor(host.KeyRing), options.TimeProvider)));
        app.Run(pipeline.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            // An address in use, say: nothing else would dispose the half-started server.
            await host.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return host;
    }

    /// <summary>
    /// Marks an order paid and sends its TRANSACTION.SUCCESS callback to the order's notify_url (or
    /// <paramref name="notifyUrl"/>), as WeChat Pay does when the payer confirms.
    /// </summary>
    public async Task<CallbackOutcome> PayOrderAsync(string mchId, string outTradeNo, SignatureFault fault = SignatureFault.None,
        Uri? notifyUrl = null, CancellationToken cancellationToken = default)
    {
        var order = Payments.MarkPaid(mchId, outTradeNo)
                    ?? throw new InvalidOperationException($"Order {outTradeNo} of merchant {mchId} does not exist or cannot be paid.");
        var merchant = Options.Merchants.First(m => m.MchId == mchId);
        System.Text.Json.Nodes.JsonObject resource;
        lock (order)
        {
            resource = order.ToJson();
        }

        var envelope = Callbacks.BuildEnvelope(merchant, "TRANSACTION.SUCCESS", "transaction", "支付成功", resource);
        var target = notifyUrl ?? new Uri(order.NotifyUrl ?? throw new InvalidOperationException("The order has no notify_url."));
        return await Callbacks.SendAsync(target, envelope, fault, cancellationToken);
    }

    /// <summary>
    /// Completes a refund (status SUCCESS) and sends its REFUND.SUCCESS callback to the refund's notify_url
    /// (or <paramref name="notifyUrl"/>), as WeChat Pay does when the money is back with the payer.
    /// </summary>
    public async Task<CallbackOutcome> CompleteRefundAsync(string mchId, string outRefundNo, SignatureFault fault = SignatureFault.None,
        Uri? notifyUrl = null, CancellationToken cancellationToken = default)
    {
        var refund = Store.FindRefund(mchId, outRefundNo)
                     ?? throw new InvalidOperationException($"Refund {outRefundNo} of merchant {mchId} does not exist.");
        var merchant = Options.Merchants.First(m => m.MchId == mchId);
        System.Text.Json.Nodes.JsonObject resource;
        lock (refund)
        {
            refund.Status = "SUCCESS";
            resource = refund.ToJson();
            resource["mchid"] = mchId;
            resource["refund_status"] = "SUCCESS";
            resource.Remove("status");
        }

        var envelope = Callbacks.BuildEnvelope(merchant, "REFUND.SUCCESS", "refund", "退款成功", resource);
        var target = notifyUrl ?? new Uri(refund.NotifyUrl ?? throw new InvalidOperationException("The refund has no notify_url."));
        return await Callbacks.SendAsync(target, envelope, fault, cancellationToken);
    }

    /// <summary>Adds a new platform certificate that signs from now on; the old one stays listed.</summary>
    public PlatformCertificate RotateCertificate()
    {
        var now = Options.TimeProvider.GetUtcNow();
        var certificate = PlatformCertificate.Create(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            now.AddMinutes(-1), now.AddYears(5));
        KeyRing.Add(certificate);
        return certificate;
    }

    internal void OnProcessed(ProcessedRequest request) => Processed?.Invoke(request);

    internal void Record(RecordedRequest request)
    {
        _requests.Enqueue(request);
        while (_requests.Count > MaxRecorded && _requests.TryDequeue(out _))
        {
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        CallbackHttpClient.Dispose();
    }
}
