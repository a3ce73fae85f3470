using EdgeGateway.LoadTests.Benchmarks;

switch (args.FirstOrDefault())
{
    case "resilience":
        return await ResilienceBenchmark.RunAsync();
    default:
        // The load runner and the proxy-overhead benchmark arrive with the load-test work.
        Console.WriteLine("EdgeGateway load tests: benchmarks: resilience.");
        return 0;
}
