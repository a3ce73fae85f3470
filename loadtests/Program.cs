// The load runner and benchmark arrive with the load-test issue; until then this prints what it will do.
Console.WriteLine("EdgeGateway load tests: scenarios and the proxy-overhead benchmark are not written yet.");
return 0;
