using EdgeGateway.LoadTests.Benchmarks;

// Each benchmark is one case: dotnet run -c Release --project loadtests -- <name> [options]
switch (args.FirstOrDefault())
{
    case "quota-decisions":
        return await QuotaDecisionBenchmark.RunAsync(args[1..]);
    default:
        Console.WriteLine("EdgeGateway load tests. Benchmarks: quota-decisions (quota decisions per second and their latency against Redis).");
        return args.Length == 0 ? 0 : 1;
}
