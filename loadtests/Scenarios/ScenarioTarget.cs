namespace EdgeGateway.LoadTests.Scenarios;

/// <summary>
/// Where a scenario sends its requests, and whether the caller must sign them itself. <paramref name="PlannedRequests"/>
/// (warm-up included; 0 when unknown, as in the closed model) lets a scenario prepare its requests ahead.
/// </summary>
public sealed record ScenarioTarget(string Name, HttpClient Client, bool CallerSigns, Uri SimulatorAddress, long PlannedRequests = 0);
