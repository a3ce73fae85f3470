namespace EdgeGateway.LoadTests.Scenarios;

/// <summary>Where a scenario sends its requests, and whether the caller must sign them itself.</summary>
public sealed record ScenarioTarget(string Name, HttpClient Client, bool CallerSigns, Uri SimulatorAddress);
