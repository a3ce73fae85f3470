// The load runner and the proxy-overhead benchmark arrive with the load-test work; benchmarks run by name.
switch (args.FirstOrDefault())
{
    case "callbacks":
        return await EdgeGateway.LoadTests.Benchmarks.CallbackIngressBenchmark.RunAsync(args[1..]);
    default:
        Console.WriteLine("EdgeGateway load tests: benchmarks: callbacks. Scenarios and the proxy-overhead benchmark are not written yet.");
        return 0;
}
