using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using EdgeGateway.IntegrationTests.Infrastructure;

namespace EdgeGateway.IntegrationTests.Resilience;

/// <summary>Small helpers the resilience tests share.</summary>
internal static class ResilienceTestSupport
{
    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Repeats <paramref name="probe"/> until it returns true or <paramref name="timeout"/> passes (a slow machine is fine).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> probe, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return true;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }

        return await probe();
    }

    /// <summary>The current value of the breaker state gauge for a route of this host (null when not reported).</summary>
    public static int? BreakerStateGauge(GatewayTestHost host, string route)
    {
        var factory = host.Service<IMeterFactory>();
        int? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "edgegateway.circuit_breaker.state" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "route" && (string?)tag.Value == route)
                {
                    value = measurement;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }

    /// <summary>
    /// Waits until a route's breaker reports <paramref name="state"/> (0 closed, 2 open). The breaker records a
    /// call's outcome just after the answer was written, so a caller may already hold the answer that opens it.
    /// </summary>
    public static async Task WaitForBreakerAsync(GatewayTestHost host, string route, int state) =>
        Assert.True(await EventuallyAsync(() => Task.FromResult(BreakerStateGauge(host, route) == state), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20)),
            $"the breaker of {route} never reached state {state} (now {BreakerStateGauge(host, route)})");

    /// <summary>Counts what a host's counter recorded while <paramref name="action"/> ran, by one tag's value.</summary>
    public static async Task<Dictionary<string, long>> CountAsync(GatewayTestHost host, string instrumentName, string tagName, Func<Task> action)
    {
        var factory = host.Service<IMeterFactory>();
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == instrumentName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == tagName)
                {
                    lock (counts)
                    {
                        var key = (string?)tag.Value ?? string.Empty;
                        counts[key] = counts.GetValueOrDefault(key) + measurement;
                    }
                }
            }
        });
        listener.Start();
        await action();
        lock (counts)
        {
            return new Dictionary<string, long>(counts);
        }
    }
}
