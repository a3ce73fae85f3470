using Microsoft.Extensions.Options;

namespace EdgeGateway.UnitTests.Callers;

/// <summary>An options monitor that always holds one value: what a validator sees at one moment of a reload.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
