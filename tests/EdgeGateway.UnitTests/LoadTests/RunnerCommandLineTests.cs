using EdgeGateway.LoadTests.Benchmarks;
using EdgeGateway.LoadTests.Benchmarks.Hosts;
using EdgeGateway.LoadTests.Commands;
using EdgeGateway.LoadTests.Reports;
using EdgeGateway.LoadTests.Runner;
using EdgeGateway.Merchants.Pkcs11;

namespace EdgeGateway.UnitTests.LoadTests;

/// <summary>
/// The load runner's command line: help for the root and every command, errors that name what is wrong and exit 2
/// before anything runs, and every command line the READMEs quote parsing to the settings the old hand-rolled parser
/// gave it.
/// </summary>
public sealed class RunnerCommandLineTests
{
    private static readonly string[] Commands =
    [
        "list", "run", "bench", "soak", "cost", "cpu-breakdown", "tracing-overhead", "polling-storm", "quota-decisions", "callbacks",
        "resilience", "config-reload", "token-signing", "bare-proxy", "static-upstream",
    ];

    private sealed record Outcome(int Code, object? Options, string Output, string Error);

    /// <summary>Parses and "runs" a command line whose command only records the options it was given.</summary>
    private static async Task<Outcome> InvokeAsync(string commandLine)
    {
        object? captured = null;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RunnerCommandLine.InvokeAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), (options, _) =>
        {
            captured = options;
            return Task.FromResult(0);
        }, output, error, CancellationToken.None);
        return new Outcome(code, captured, output.ToString(), error.ToString());
    }

    private static async Task<T> ParseAsync<T>(string commandLine)
    {
        var outcome = await InvokeAsync(commandLine);
        Assert.True(outcome.Code == 0, $"'{commandLine}' exited {outcome.Code}: {outcome.Error}");
        return Assert.IsType<T>(outcome.Options);
    }

    [Fact]
    public void Commands_AreTheOnesTheRunnerAlwaysHad()
    {
        var root = RunnerCommandLine.Create((_, _) => Task.FromResult(0));

        Assert.Equal(Commands.Order(StringComparer.Ordinal), root.Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_Root_ExitsZeroAndListsEveryCommand(string help)
    {
        var outcome = await InvokeAsync(help);

        Assert.Equal(0, outcome.Code);
        Assert.Null(outcome.Options);
        Assert.Equal("", outcome.Error);
        foreach (var command in Commands)
        {
            Assert.Matches($@"(?m)^\s+{command}\b", outcome.Output);
        }
    }

    [Fact]
    public async Task Help_EveryCommand_ExitsZeroAndListsEachOptionWithItsDescriptionAndDefault()
    {
        var root = RunnerCommandLine.Create((_, _) => Task.FromResult(0));
        foreach (var command in root.Subcommands)
        {
            var outcome = await InvokeAsync(command.Name + " --help");

            Assert.True(outcome.Code == 0, $"{command.Name} --help exited {outcome.Code}");
            Assert.Null(outcome.Options);
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"{command.Name} has no description");
            foreach (var option in command.Options.Where(o => o.Name != "--help"))
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{command.Name} {option.Name} has no description");
                var line = outcome.Output.Split('\n').SingleOrDefault(l => l.TrimStart().StartsWith(option.Name + " ", StringComparison.Ordinal));
                Assert.True(line is not null, $"{command.Name} --help does not list {option.Name}:\n{outcome.Output}");
                Assert.Contains(option.Description!.Split(' ')[0], line, StringComparison.Ordinal);
                if (option.HasDefaultValue)
                {
                    Assert.Contains($"[default: {option.GetDefaultValue()}]", line, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task Help_Cost_ShowsItsDefaults()
    {
        var outcome = await InvokeAsync("cost --help");

        Assert.Contains("--copies <N>", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("[default: 16]", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("[default: bare,signing,shipped,memory,no-tracing,warning,redis-spans]", outcome.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cost --roundz 2", "--roundz", "--rounds")]
    [InlineData("run create-jsapi --rat 300", "--rat", "--rate")]
    [InlineData("bench --duration 5 --warmpu 1", "--warmpu", "--warmup")]
    [InlineData("soak --rate 200 --duraton 300", "--duraton", "--duration")]
    [InlineData("token-signing --rounds 3 --sessions 2 --thread 4", "--thread", "--threads")]
    [InlineData("resilience --seconds 5", "--seconds", null)]
    [InlineData("polling-storm --latency 50", "--latency", null)]
    public async Task UnknownOption_ExitsTwoNamingIt(string commandLine, string unknown, string? suggestion)
    {
        var outcome = await InvokeAsync(commandLine);

        Assert.Equal(2, outcome.Code);
        Assert.Null(outcome.Options);
        Assert.Contains($"'{unknown}'", outcome.Error, StringComparison.Ordinal);
        if (suggestion is not null)
        {
            Assert.Contains($"did you mean '{suggestion}'", outcome.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("benc", "benc")]
    [InlineData("Cost --rounds 2", "Cost")]
    public async Task UnknownCommand_ExitsTwoNamingIt(string commandLine, string unknown)
    {
        var outcome = await InvokeAsync(commandLine);

        Assert.Equal(2, outcome.Code);
        Assert.Null(outcome.Options);
        Assert.Contains($"'{unknown}'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCommand_ExitsTwoWithTheUsageOnStandardError()
    {
        var outcome = await InvokeAsync("");

        Assert.Equal(2, outcome.Code);
        Assert.Null(outcome.Options);
        Assert.Equal("", outcome.Output);
        Assert.Contains("no command given", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("cpu-breakdown", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cost --rounds x", "--rounds")]
    [InlineData("cost --rounds 0", "--rounds")]
    [InlineData("cost --copies 1.5", "--copies")]
    [InlineData("cost --setups bare,nope", "--setups")]
    [InlineData("cost --setups bare,bare", "--setups")]
    [InlineData("cost --setups shipped+DOTNET_gcServer", "DOTNET_gcServer")]
    [InlineData("cost --setups shipped+=1", "--setups")]
    [InlineData("cost --setups shiped+DOTNET_gcServer=1", "shiped")]
    [InlineData("cpu-breakdown --setups shipped,warning", "--setups")]
    [InlineData("run create-jsapi --rate fast", "--rate")]
    [InlineData("run create-jsapi --rate 0", "--rate")]
    [InlineData("run create-jsapi --duration 1,5", "--duration")]
    [InlineData("run query-order --ramp 100-1000", "--ramp")]
    [InlineData("run query-order --ramp 0:0", "--ramp")]
    [InlineData("run mixed --closed many", "--closed")]
    [InlineData("run create-jsapi --max-error-rate 5", "--max-error-rate")]
    [InlineData("run create-jsapi --p99-max-ms", "--p99-max-ms")]
    [InlineData("run create-jsapi --rate 300 --closed 32", "--closed")]
    [InlineData("run create-jsapi --target somewhere", "somewhere")]
    [InlineData("run no-such-scenario", "no-such-scenario")]
    [InlineData("bench --rates 100,x", "--rates")]
    [InlineData("soak --duration -1", "--duration")]
    [InlineData("tracing-overhead --seconds 1.5", "--seconds")]
    [InlineData("polling-storm --modes off,never", "--modes")]
    [InlineData("quota-decisions --concurrency 1,0", "--concurrency")]
    [InlineData("quota-decisions --redis a:1 --cluster b:2", "--cluster")]
    [InlineData("callbacks --count 1", "--count")]
    [InlineData("token-signing --sessions 5000", "--sessions")]
    [InlineData("bare-proxy --urls http://127.0.0.1:5199", "--upstream")]
    [InlineData("static-upstream --urls http://127.0.0.1:5199", "--keys")]
    [InlineData("cost --rounds 1 --rounds 2", "--rounds")]
    public async Task BadValue_ExitsTwoNamingTheOption(string commandLine, string named)
    {
        var outcome = await InvokeAsync(commandLine);

        Assert.Equal(2, outcome.Code);
        Assert.Null(outcome.Options);
        Assert.Contains(named, outcome.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingScenario_ExitsTwo()
    {
        var outcome = await InvokeAsync("run --rate 300");

        Assert.Equal(2, outcome.Code);
        Assert.Null(outcome.Options);
    }

    // Every command line quoted by README.md, loadtests/README.md and the benchmarks' own comments, with the settings
    // the hand-rolled parser gave it (its defaults are in the git history of loadtests/Program.cs and each benchmark).

    [Fact]
    public async Task EveryCommandLineTheReadmesQuote_Parses()
    {
        var root = Hygiene.DependencyTableTests.RepositoryRoot();
        var quoted = new[] { "README.md", Path.Combine("loadtests", "README.md") }
            .SelectMany(file => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(root, file)), @"--project loadtests -- ([^`#\n]+)"))
            .Select(m => m.Groups[1].Value.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.True(quoted.Count >= 15, $"found only {quoted.Count} quoted command lines");
        foreach (var commandLine in quoted)
        {
            var outcome = await InvokeAsync(commandLine);
            var help = commandLine.Split(' ').Intersect(["--help", "-h", "-?"]).Any();
            Assert.True(outcome.Code == 0 && (help || outcome.Options is not null), $"'{commandLine}' does not parse: {outcome.Error}");
        }
    }

    [Theory]
    [InlineData("list")]
    [InlineData("resilience")]
    [InlineData("config-reload")]
    public async Task Quoted_CommandsWithoutOptions(string commandLine)
    {
        var options = await ParseAsync<NoOptions>(commandLine);

        Assert.Equal(commandLine, options.Command);
    }

    [Fact]
    public async Task Quoted_RunCreateJsapi_WithThresholds()
    {
        var options = await ParseAsync<RunOptions>("run create-jsapi --rate 300 --duration 30 --p99-max-ms 20 --max-error-rate 0.001");

        Assert.Equal(new RunOptions("create-jsapi", "gateway", new ConstantRate(300, TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(5),
            new Thresholds(20, 0.001, null), ReportWriter.DefaultDirectory), options);
    }

    [Fact]
    public async Task Quoted_RunQueryOrder_Ramp()
    {
        var options = await ParseAsync<RunOptions>("run query-order --ramp 100:1000 --duration 60");

        Assert.Equal(new RunOptions("query-order", "gateway", new RampingRate(100, 1000, TimeSpan.FromSeconds(60)), TimeSpan.FromSeconds(5),
            new Thresholds(null, null, null), ReportWriter.DefaultDirectory), options);
    }

    [Fact]
    public async Task Quoted_RunMixed_Closed()
    {
        var options = await ParseAsync<RunOptions>("run mixed --closed 32 --duration 30");

        Assert.Equal(new ClosedModel(32, TimeSpan.FromSeconds(30)), options.Simulation);
        Assert.Equal("mixed", options.Scenario);
        Assert.Equal("gateway", options.Target);
    }

    [Theory]
    [InlineData("run quota-abuse --rate 20 --duration 10", "quota-abuse", 20, 10)]
    [InlineData("run callback-storm --rate 500 --duration 20", "callback-storm", 500, 20)]
    [InlineData("run breaker-drill", "breaker-drill", 100, 30)]
    public async Task Quoted_RunAtAConstantRate(string commandLine, string scenario, double rate, double seconds)
    {
        var options = await ParseAsync<RunOptions>(commandLine);

        Assert.Equal(new RunOptions(scenario, "gateway", new ConstantRate(rate, TimeSpan.FromSeconds(seconds)), TimeSpan.FromSeconds(5),
            new Thresholds(null, null, null), ReportWriter.DefaultDirectory), options);
    }

    [Fact]
    public async Task Run_AllOptions()
    {
        var options = await ParseAsync<RunOptions>("run create-jsapi --target bare --rate 250.5 --duration 12 --warmup 0 --min-achieved 0.97 --report /tmp/r");

        Assert.Equal(new RunOptions("create-jsapi", "bare", new ConstantRate(250.5, TimeSpan.FromSeconds(12)), TimeSpan.Zero,
            new Thresholds(null, null, 0.97), "/tmp/r"), options);
    }

    [Fact]
    public void ReportDirectory_DefaultsToTheRepositorysLoadtestsReports()
    {
        Assert.NotNull(ReportWriter.RepositoryRoot);
        Assert.Equal(Path.Combine(ReportWriter.RepositoryRoot, "loadtests", "reports"), ReportWriter.DefaultDirectory);
    }

    [Fact]
    public async Task Quoted_Bench()
    {
        var options = await ParseAsync<BenchOptions>("bench");

        Assert.Equal(new[] { 100, 300, 500 }, options.Rates);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Duration);
        Assert.Equal(TimeSpan.FromSeconds(5), options.WarmUp);
        Assert.Equal(3000, options.MaxRateLimit);
        Assert.Equal(200, options.MaxRateStart);
        Assert.Equal(Settings.ApiKey, options.ApiKey);
        Assert.Equal(Settings.GatewaySettings(), options.GatewaySettings);
        Assert.Equal(ReportWriter.DefaultDirectory, options.ReportDirectory);
    }

    [Fact]
    public async Task Bench_AllOptions()
    {
        var options = await ParseAsync<BenchOptions>("bench --rates 50,150 --duration 3 --warmup 1 --max-rate-limit 400");

        Assert.Equal(new[] { 50, 150 }, options.Rates);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Duration);
        Assert.Equal(TimeSpan.FromSeconds(1), options.WarmUp);
        Assert.Equal(400, options.MaxRateLimit);
    }

    [Fact]
    public async Task Quoted_CpuBreakdown()
    {
        var options = await ParseAsync<CpuBreakdownOptions>("cpu-breakdown --rate 500 --warmup 30");

        Assert.Equal((500, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), 2), (options.Rate, options.Duration, options.WarmUp, options.Rounds));
        Assert.Equal(new[] { "bare", "memory-off", "memory-on", "redis", "shipped" }, options.Setups);
    }

    [Theory]
    [InlineData("cost --rounds 2")]
    [InlineData("cost --copies 16 --duration 15 --warmup 20 --rounds 2")]
    public async Task Quoted_Cost(string commandLine)
    {
        var options = await ParseAsync<CostOptions>(commandLine);

        Assert.Equal((16, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20), 2, TimeSpan.Zero), (options.Copies, options.Duration, options.WarmUp, options.Rounds, options.Windows));
        Assert.Equal(new[] { "bare", "signing", "shipped", "memory", "no-tracing", "warning", "redis-spans" }, options.Setups);
    }

    [Fact]
    public async Task Cost_SettingGivenTwice_IsAnErrorNamingIt()
    {
        var outcome = await InvokeAsync("cost --setups shipped+DOTNET_gcServer=1+DOTNET_gcServer=0");

        Assert.Equal(2, outcome.Code);
        Assert.Contains("'DOTNET_gcServer' is set twice", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cost_GatewayBuildWithoutAGateway_IsNamedBeforeAnythingStarts()
    {
        Assert.Equal("GATEWAY_BUILD=/nonexistent/build in 'shipped+GATEWAY_BUILD=/nonexistent/build' holds no EdgeGateway.dll; name a gateway build's output folder, such as gateway/bin/Release/net10.0.",
            CostBenchmark.MissingBuild(["bare", "shipped+GATEWAY_BUILD=/nonexistent/build"]));
        Assert.Null(CostBenchmark.MissingBuild(["bare", "shipped+GATEWAY_BUILD=" + AppContext.BaseDirectory, "shipped+DOTNET_gcServer=1"]));
    }

    [Fact]
    public async Task Cost_Windows_IsSeconds()
    {
        var options = await ParseAsync<CostOptions>("cost --windows 5 --setups shipped");

        Assert.Equal(TimeSpan.FromSeconds(5), options.Windows);
    }

    [Fact]
    public async Task Quoted_Cost_Setups()
    {
        var options = await ParseAsync<CostOptions>("cost --setups bare,shipped,memory,no-tracing,warning");

        Assert.Equal(new[] { "bare", "shipped", "memory", "no-tracing", "warning" }, options.Setups);
    }

    [Fact]
    public async Task Cost_SetupWithRuntimeSettings_IsItsOwnSetup()
    {
        var options = await ParseAsync<CostOptions>("cost --setups shipped,shipped+DOTNET_gcServer=1+DOTNET_TieredPGO=0");

        Assert.Equal(new[] { "shipped", "shipped+DOTNET_gcServer=1+DOTNET_TieredPGO=0" }, options.Setups);
    }

    [Fact]
    public async Task Quoted_Soak()
    {
        var options = await ParseAsync<SoakOptions>("soak --rate 200 --duration 300");

        Assert.Equal(new SoakOptions(200, TimeSpan.FromSeconds(300), ReportWriter.DefaultDirectory), options);
    }

    [Fact]
    public async Task Quoted_QuotaDecisions()
    {
        var options = await ParseAsync<QuotaDecisionOptions>("quota-decisions --redis 127.0.0.1:16381 --seconds 5");

        Assert.Equal(("127.0.0.1:16381", (string?)null, 5.0), (options.Redis, options.Cluster, options.Seconds));
        Assert.Equal(new[] { 1, 16, 64, 256 }, options.Concurrency);
    }

    [Fact]
    public async Task QuotaDecisions_Cluster()
    {
        var options = await ParseAsync<QuotaDecisionOptions>("quota-decisions --cluster 127.0.0.1:17000,127.0.0.1:17001 --concurrency 4,8");

        Assert.Equal("127.0.0.1:17000,127.0.0.1:17001", options.Cluster);
        Assert.Equal(new[] { 4, 8 }, options.Concurrency);
    }

    [Fact]
    public async Task Quoted_Callbacks()
    {
        var options = await ParseAsync<CallbackIngressOptions>("callbacks");

        Assert.Equal(new CallbackIngressOptions(5000, 16, null), options);
    }

    [Fact]
    public async Task Callbacks_AllOptions()
    {
        var options = await ParseAsync<CallbackIngressOptions>("callbacks --count 200 --concurrency 4 --redis 127.0.0.1:16379");

        Assert.Equal(new CallbackIngressOptions(200, 4, "127.0.0.1:16379"), options);
    }

    [Fact]
    public async Task Quoted_TracingOverhead()
    {
        var options = await ParseAsync<TracingOverheadOptions>("tracing-overhead --rate 100 --seconds 30 --warmup 10 --rounds 2");

        Assert.Equal(new TracingOverheadOptions(100, 30, 10, 2), options);
    }

    [Theory]
    [InlineData("polling-storm --rate 1000 --duration 10 --orders 20 --latency-ms 50")]
    [InlineData("polling-storm --rate 1000")]
    [InlineData("polling-storm")]
    public async Task Quoted_PollingStorm(string commandLine)
    {
        var options = await ParseAsync<PollingStormOptions>(commandLine);

        Assert.Equal((1000.0, TimeSpan.FromSeconds(10), 20, 50), (options.Rate, options.Duration, options.Orders, options.LatencyMs));
        Assert.Equal(new[] { "off", "coalesce", "cache" }, options.Modes);
    }

    [Fact]
    public async Task Quoted_TokenSigning()
    {
        var options = await ParseAsync<TokenSigningOptions>("token-signing --seconds 5 --rounds 3");

        Assert.Equal(new TokenSigningOptions(5, 3, 2 * Environment.ProcessorCount, Pkcs11KeyOptions.DefaultSessions, null), options);
    }

    [Fact]
    public async Task TokenSigning_AllOptions()
    {
        var options = await ParseAsync<TokenSigningOptions>("token-signing --seconds 2 --rounds 1 --threads 3 --sessions 2 --library /usr/lib/softhsm/libsofthsm2.so");

        Assert.Equal(new TokenSigningOptions(2, 1, 3, 2, "/usr/lib/softhsm/libsofthsm2.so"), options);
    }

    // The command lines the runner gives the processes it starts (Processes/LoadEnvironment.cs).

    [Fact]
    public async Task BareProxy_AsLoadEnvironmentStartsIt()
    {
        var options = await ParseAsync<BareProxyOptions>("bare-proxy --urls http://127.0.0.1:40001 --upstream http://127.0.0.1:40002/");

        Assert.Equal(new BareProxyOptions("http://127.0.0.1:40001", "http://127.0.0.1:40002/"), options);
    }

    [Fact]
    public async Task SigningBareProxy_AsLoadEnvironmentStartsIt()
    {
        var options = await ParseAsync<BareProxyOptions>("bare-proxy --urls http://127.0.0.1:40001 --upstream http://127.0.0.1:40002/ --sign /tmp/edgegateway-load-1/keys");

        Assert.Equal(new BareProxyOptions("http://127.0.0.1:40001", "http://127.0.0.1:40002/", "/tmp/edgegateway-load-1/keys"), options);
    }

    [Fact]
    public async Task StaticUpstream_AsLoadEnvironmentStartsIt()
    {
        var options = await ParseAsync<StaticUpstreamOptions>("static-upstream --urls http://127.0.0.1:40003 --keys /tmp/edgegateway-load-1/keys");

        Assert.Equal(new StaticUpstreamOptions("http://127.0.0.1:40003", "/tmp/edgegateway-load-1/keys"), options);
    }

    [Fact]
    public async Task Execute_IsCancelledWithTheRunnersToken()
    {
        // Ctrl+C and SIGTERM cancel the runner's token (Program.cs); the command must see it to stop and kill its processes.
        using var cancel = new CancellationTokenSource();
        var cancelledInside = false;
        var code = await RunnerCommandLine.InvokeAsync(["list"], async (_, token) =>
        {
            await cancel.CancelAsync();
            cancelledInside = token.IsCancellationRequested;
            return 7;
        }, TextWriter.Null, TextWriter.Null, cancel.Token);

        Assert.Equal(7, code);
        Assert.True(cancelledInside);
    }

    [Fact]
    public async Task Execute_ExceptionsReachTheCaller()
    {
        // Program.cs turns a cancelled run into exit 130; the parser's own handler must not swallow it as exit 1.
        await Assert.ThrowsAsync<OperationCanceledException>(() => RunnerCommandLine.InvokeAsync(["list"], (_, _) => throw new OperationCanceledException(),
            TextWriter.Null, TextWriter.Null, CancellationToken.None));
    }
}
