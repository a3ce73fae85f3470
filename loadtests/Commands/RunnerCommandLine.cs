using System.CommandLine;
using System.CommandLine.Invocation;
using EdgeGateway.LoadTests.Benchmarks;
using EdgeGateway.LoadTests.Benchmarks.Hosts;
using EdgeGateway.LoadTests.Reports;
using EdgeGateway.LoadTests.Runner;
using EdgeGateway.LoadTests.Scenarios;

namespace EdgeGateway.LoadTests.Commands;

/// <summary>
/// The load runner's command line (<c>dotnet run -c Release --project loadtests -- &lt;command&gt; [options]</c>, see
/// loadtests/README.md): every command, its options with their defaults, and what each parses to. <c>--help</c> works on
/// the root and on every command and exits 0; an unknown command, an unknown option or a malformed value is an error
/// that names it and exits 2 (<see cref="UsageError"/>), before anything starts.
/// </summary>
internal static class RunnerCommandLine
{
    /// <summary>The exit code of a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>No response files: an argument starting with @ is taken as it is, as the runner always did.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command through <paramref name="execute"/>, which gets the command's
    /// options record (<see cref="RunOptions"/>, <see cref="CostOptions"/>, … or <see cref="NoOptions"/>). Help goes to
    /// <paramref name="output"/>, errors to <paramref name="error"/>. Exceptions from the command are not caught here.
    /// </summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, Func<object, CancellationToken, Task<int>> execute, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var parse = Create(execute).Parse(args, Parsing);
        if (parse.Action is ParseErrorAction)
        {
            var command = parse.CommandResult.Command;
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync("error: " + problem.Message);
            }

            foreach (var token in parse.UnmatchedTokens)
            {
                if (Suggest(command, token) is { } suggestion)
                {
                    await error.WriteLineAsync($"       '{token}': did you mean '{suggestion}'?");
                }
            }

            await error.WriteLineAsync(command is RootCommand
                ? "Run with --help for the commands."
                : $"Run '{command.Name} --help' for its options.");
            return UsageError;
        }

        // Cancellation (Ctrl+C, SIGTERM) is the caller's: it ends the run and kills the processes it started, however long that takes.
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        }, cancellationToken);
    }

    /// <summary>Runs a parsed command: what the runner's <c>Program</c> passes to <see cref="InvokeAsync"/>.</summary>
    public static Task<int> ExecuteAsync(object options, CancellationToken cancellationToken) => options switch
    {
        NoOptions { Command: "list" } => Task.FromResult(ListScenarios()),
        RunOptions run => RunCommand.RunAsync(run, cancellationToken),
        BenchOptions bench => ProxyOverheadBenchmark.RunAsync(bench, cancellationToken),
        SoakOptions soak => SoakCommand.RunAsync(soak, cancellationToken),
        BareProxyOptions bare => BareProxyHost.RunAsync(bare),
        StaticUpstreamOptions upstream => StaticUpstreamHost.RunAsync(upstream),
        CostOptions cost => CostBenchmark.RunAsync(cost, cancellationToken),
        QuotaDecisionOptions quota => QuotaDecisionBenchmark.RunAsync(quota),
        NoOptions { Command: "resilience" } => ResilienceBenchmark.RunAsync(),
        CallbackIngressOptions callbacks => CallbackIngressBenchmark.RunAsync(callbacks),
        TracingOverheadOptions tracing => TracingOverheadBenchmark.RunAsync(tracing, cancellationToken),
        CpuBreakdownOptions cpu => CpuBreakdownBenchmark.RunAsync(cpu, cancellationToken),
        PollingStormOptions storm => PollingStormBenchmark.RunAsync(storm, cancellationToken),
        NoOptions { Command: "config-reload" } => ConfigReloadBenchmark.RunAsync(),
        TokenSigningOptions token => Task.FromResult(TokenSigningBenchmark.Run(token)),
        _ => throw new InvalidOperationException($"No runner for {options}."),
    };

    /// <summary>The root command and every command under it, each handing its options record to <paramref name="execute"/>.</summary>
    public static RootCommand Create(Func<object, CancellationToken, Task<int>> execute)
    {
        var root = new RootCommand("EdgeGateway load runner: scenarios and benchmarks against processes it starts on 127.0.0.1 and stops when it ends.");
        foreach (var command in new[]
                 {
                     List(), Run(), Bench(), Soak(), Cost(), CpuBreakdown(), TracingOverhead(), PollingStorm(), QuotaDecisions(), Callbacks(),
                     Plain("resilience", "What an open breaker answers in, what the duplicate-payment guard's store adds (Redis when EDGEGATEWAY_TEST_REDIS names one), prepay latency."),
                     Plain("config-reload", "What validating the configuration costs; config/ edit to applied, and to a new route serving."),
                     TokenSigning(), BareProxy(), StaticUpstream(),
                 })
        {
            var (definition, bind) = command;
            definition.SetAction((parse, cancellationToken) => execute(bind(parse), cancellationToken));
            root.Add(definition);
        }

        // No command at all: the usage on standard error and exit 2, as the runner always answered an empty command line.
        root.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            error.WriteLine("error: no command given.");
            root.Parse(["--help"], Parsing).Invoke(new InvocationConfiguration { Output = error, Error = error });
            return UsageError;
        });
        return root;
    }

    private static (Command, Func<ParseResult, object>) List() =>
        (new Command("list", "List the scenarios `run` takes."), _ => new NoOptions("list"));

    private static (Command, Func<ParseResult, object>) Plain(string name, string description) =>
        (new Command(name, description), _ => new NoOptions(name));

    private static (Command, Func<ParseResult, object>) Run()
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = "The scenario to run: " + string.Join(", ", ScenarioCatalog.Descriptions.Keys) + " (`list` describes them).",
            HelpName = "scenario",
        };
        scenario.AcceptOnlyFromAmong([.. ScenarioCatalog.Descriptions.Keys]);
        var target = OptionKinds.Text("--target", "gateway", "Where requests go: gateway, bare (bare YARP) or direct (the simulator); the runner signs for the last two.", "TARGET")
            .AcceptOnlyFromAmong("gateway", "bare", "direct");
        var rate = OptionKinds.Number("--rate", 100, "Constant arrival rate, requests per second (open model).", v => v > 0, "more than 0");
        var ramp = new Option<(double From, double To)?>("--ramp")
        {
            Description = "Arrival rate ramping linearly from A to B per second over the duration, instead of --rate.",
            HelpName = "A:B",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                var parts = text.Split(':');
                if (parts.Length == 2 && double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var from)
                    && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var to)
                    && from >= 0 && to >= 0 && double.IsFinite(from) && double.IsFinite(to) && Math.Max(from, to) > 0)
                {
                    return (from, to);
                }

                result.AddError($"--ramp takes FROM:TO, two rates of 0 or more, not both 0 (e.g. 100:1000); got '{text}'.");
                return null;
            },
        };
        var closed = OptionKinds.OptionalWhole("--closed", "N concurrent copies, each sending its next request when the last is answered, instead of --rate.");
        var duration = OptionKinds.Seconds("--duration", 30, "Seconds of load, after the warm-up.");
        var warmUp = OptionKinds.WarmUpSeconds("--warmup", 5, "Seconds of warm-up at the same load, not reported.");
        var p99 = OptionKinds.OptionalNumber("--p99-max-ms", "Fail (exit 1) when p99 latency is above X ms.", v => v > 0, "more than 0", "X");
        var errors = OptionKinds.OptionalNumber("--max-error-rate", "Fail (exit 1) when the error rate is above R, a fraction (0.001 is 0.1 %).", v => v is >= 0 and <= 1, "between 0 and 1", "R");
        var achieved = OptionKinds.OptionalNumber("--min-achieved", "Fail (exit 1) when the achieved rate is below F times the target rate.", v => v is > 0 and <= 1, "more than 0 and at most 1", "F");
        var report = OptionKinds.Text("--report", ReportWriter.DefaultDirectory, "Directory the Markdown and HTML reports are written to.", "DIR");
        var command = new Command("run", "Run one scenario under one load model, write the reports, exit 1 on a breached threshold.")
        {
            scenario, target, rate, ramp, closed, duration, warmUp, p99, errors, achieved, report,
        };
        Alternatives(command, rate, ramp, closed);
        return (command, parse =>
        {
            var seconds = TimeSpan.FromSeconds(parse.GetValue(duration));
            LoadSimulation simulation = parse.GetValue(closed) is { } copies ? new ClosedModel(copies, seconds)
                : parse.GetValue(ramp) is { } fromTo ? new RampingRate(fromTo.From, fromTo.To, seconds)
                : new ConstantRate(parse.GetValue(rate), seconds);
            return new RunOptions(parse.GetValue(scenario)!, parse.GetValue(target)!, simulation, TimeSpan.FromSeconds(parse.GetValue(warmUp)),
                new Thresholds(parse.GetValue(p99), parse.GetValue(errors), parse.GetValue(achieved)), parse.GetValue(report)!);
        });
    }

    private static (Command, Func<ParseResult, object>) Bench()
    {
        var rates = OptionKinds.List("--rates", "100,300,500", "Arrival rates per second, each run direct, through bare YARP and through the gateway.", OptionKinds.PositiveWhole, "R1,R2,…");
        var duration = OptionKinds.Seconds("--duration", 20, "Seconds measured per target and rate.");
        var warmUp = OptionKinds.WarmUpSeconds("--warmup", 5, "Seconds of warm-up per target and rate, not reported.");
        var maxRateLimit = OptionKinds.Whole("--max-rate-limit", 3000, "Highest rate per second the search for the gateway's sustained rate tries (steps of 100 from 200).");
        var command = new Command("bench", "Proxy overhead: prepays direct, through bare YARP and through the gateway at each rate, then the highest rate the gateway sustains.")
        {
            rates, duration, warmUp, maxRateLimit,
        };
        return (command, parse => new BenchOptions
        {
            Rates = [.. OptionKinds.Items(parse.GetValue(rates)!).Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture))],
            Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
            WarmUp = TimeSpan.FromSeconds(parse.GetValue(warmUp)),
            MaxRateLimit = parse.GetValue(maxRateLimit),
            ApiKey = Settings.ApiKey,
            GatewaySettings = Settings.GatewaySettings(),
        });
    }

    private static (Command, Func<ParseResult, object>) Soak()
    {
        var rate = OptionKinds.Number("--rate", 200, "Constant arrival rate of the mixed scenario, requests per second.", v => v > 0, "more than 0");
        var duration = OptionKinds.Seconds("--duration", 300, "Seconds of load (the gateway's memory is sampled every 10 s).");
        var report = OptionKinds.Text("--report", ReportWriter.DefaultDirectory, "Directory the Markdown and HTML reports are written to.", "DIR");
        var command = new Command("soak", "The mixed scenario at a constant rate for minutes, sampling the gateway's memory, to show whether it stays flat.")
        {
            rate, duration, report,
        };
        return (command, parse => new SoakOptions(parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(report)!));
    }

    private static (Command, Func<ParseResult, object>) Cost()
    {
        var copies = OptionKinds.Whole("--copies", 16, "Closed-loop workers sending prepays back to back.");
        var duration = OptionKinds.Seconds("--duration", 15, "Seconds measured per set-up and round.");
        // A fresh gateway spends its first ~20 s at saturation compiling (README, "Cost at saturation"): measured earlier,
        // the figure is the JIT's as much as the gateway's.
        var warmUp = OptionKinds.WarmUpSeconds("--warmup", 20, "Seconds of warm-up per set-up and round, not reported (a fresh process compiles for about 20 s).");
        var rounds = OptionKinds.Whole("--rounds", 2, "Rounds over the set-ups, alternating their order.");
        var windows = OptionKinds.Whole("--windows", 0, "Also print the gateway's CPU per request in every S seconds from its first request, warm-up included (0: not).",
            min: 0, max: 60, helpName: "S");
        var setups = OptionKinds.List("--setups", string.Join(',', CostBenchmark.SetupNames), "The set-ups to measure, of: " + string.Join(", ", CostBenchmark.SetupNames) +
            "; each may add environment variables for its proxy process to compare runtime settings in one run, as in shipped+DOTNET_gcServer=0.",
            CostBenchmark.CheckSetup, "S1,S2,…");
        var command = new Command(CostBenchmark.Name, "CPU per signed request at saturation through bare YARP and the gateway in several set-ups, against a free upstream.")
        {
            copies, duration, warmUp, rounds, setups, windows,
        };
        return (command, parse => new CostOptions(parse.GetValue(copies), TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmUp)),
            parse.GetValue(rounds), OptionKinds.Items(parse.GetValue(setups)!), TimeSpan.FromSeconds(parse.GetValue(windows))));
    }

    private static (Command, Func<ParseResult, object>) CpuBreakdown()
    {
        var rate = OptionKinds.Whole("--rate", 300, "Prepays per second (open model) in every set-up.");
        var duration = OptionKinds.Seconds("--duration", 20, "Seconds measured per set-up and round.");
        var warmUp = OptionKinds.WarmUpSeconds("--warmup", 5, "Seconds of warm-up per set-up and round, not reported.");
        var rounds = OptionKinds.Whole("--rounds", 2, "Rounds over the set-ups, alternating their order.");
        var setups = OptionKinds.List("--setups", string.Join(',', CpuBreakdownBenchmark.SetupNames),
            "The set-ups to measure, of: " + string.Join(", ", CpuBreakdownBenchmark.SetupNames) + ".", OptionKinds.OneOf([.. CpuBreakdownBenchmark.SetupNames]), "S1,S2,…");
        var command = new Command(CpuBreakdownBenchmark.Name, "Where the gateway's CPU per signed request goes, step by step, at one arrival rate.")
        {
            rate, duration, warmUp, rounds, setups,
        };
        return (command, parse => new CpuBreakdownOptions(parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmUp)),
            parse.GetValue(rounds), OptionKinds.Items(parse.GetValue(setups)!)));
    }

    private static (Command, Func<ParseResult, object>) TracingOverhead()
    {
        var rate = OptionKinds.Whole("--rate", 100, "Prepays per second (open model) through the gateway.");
        var seconds = OptionKinds.Whole("--seconds", 30, "Seconds measured per variant and round.", helpName: "S");
        var warmUp = OptionKinds.Whole("--warmup", 10, "Seconds of warm-up per variant and round, not reported.", helpName: "S");
        var rounds = OptionKinds.Whole("--rounds", 2, "Rounds over the variants, alternating their order.");
        var command = new Command(TracingOverheadBenchmark.Name, "What tracing costs: the same load with tracing off, on for every request, and 10 % sampled.")
        {
            rate, seconds, warmUp, rounds,
        };
        return (command, parse => new TracingOverheadOptions(parse.GetValue(rate), parse.GetValue(seconds), parse.GetValue(warmUp), parse.GetValue(rounds)));
    }

    private static (Command, Func<ParseResult, object>) PollingStorm()
    {
        var rate = OptionKinds.Number("--rate", 1000, "Status polls per second (open model).", v => v > 0, "more than 0");
        var duration = OptionKinds.Seconds("--duration", 10, "Seconds of polling per mode.");
        var orders = OptionKinds.Whole("--orders", 20, "NOTPAY orders polled round-robin.");
        var latency = OptionKinds.Whole("--latency-ms", 50, "Milliseconds the simulator takes to answer a query.", min: 0, helpName: "MS");
        var modes = OptionKinds.List("--modes", string.Join(',', PollingStormBenchmark.ModeNames), "The gateway's status-cache modes to run, of: off, coalesce, cache.",
            OptionKinds.OneOf([.. PollingStormBenchmark.ModeNames]), "M1,M2,…");
        var command = new Command("polling-storm", "Internal services polling unpaid orders: upstream calls and latency with and without the gateway's status absorption.")
        {
            rate, duration, orders, latency, modes,
        };
        return (command, parse => new PollingStormOptions(parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(orders), parse.GetValue(latency),
            OptionKinds.Items(parse.GetValue(modes)!)));
    }

    private static (Command, Func<ParseResult, object>) QuotaDecisions()
    {
        var redis = OptionKinds.Text("--redis", QuotaDecisionBenchmark.DefaultRedis, "The Redis to decide against (default: EDGEGATEWAY_TEST_REDIS, else 127.0.0.1:6379).", "HOST:PORT");
        var cluster = OptionKinds.Text("--cluster", null, "A Redis Cluster's seeds instead of --redis; the batched script is split per hash slot.", "HOST:PORT,…");
        var seconds = OptionKinds.Seconds("--seconds", 5, "Seconds per mode and worker count.");
        var concurrency = OptionKinds.List("--concurrency", "1,16,64,256", "Closed-loop worker counts to run at.", OptionKinds.PositiveWhole, "N1,N2,…");
        var command = new Command("quota-decisions", "Quota decisions per second against a real Redis through the gateway's QuotaEnforcer, batched and unbatched.")
        {
            redis, cluster, seconds, concurrency,
        };
        Alternatives(command, redis, cluster);
        return (command, parse => new QuotaDecisionOptions(parse.GetValue(redis)!, parse.GetValue(cluster), parse.GetValue(seconds),
            [.. OptionKinds.Items(parse.GetValue(concurrency)!).Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))]));
    }

    private static (Command, Func<ParseResult, object>) Callbacks()
    {
        var count = OptionKinds.Whole("--count", 5000, "Callbacks to send; the first is a warm-up, not counted.", min: 2);
        var concurrency = OptionKinds.Whole("--concurrency", 16, "Concurrent senders.", helpName: "C");
        var redis = OptionKinds.Text("--redis", null, "A Redis for the gateway (default: a redis-server of its own on a free loopback port).", "HOST:PORT");
        var command = new Command("callbacks", "WeChat Pay's side of the callback path: ingress answer time and send-to-delivery time through a real gateway.")
        {
            count, concurrency, redis,
        };
        return (command, parse => new CallbackIngressOptions(parse.GetValue(count), parse.GetValue(concurrency), parse.GetValue(redis)));
    }

    private static (Command, Func<ParseResult, object>) TokenSigning()
    {
        var seconds = OptionKinds.Whole("--seconds", 5, "Seconds per variant and round.", helpName: "S");
        var rounds = OptionKinds.Whole("--rounds", 3, "Rounds, alternating which variant goes first.");
        var threads = OptionKinds.Whole("--threads", 2 * Environment.ProcessorCount, "Threads signing flat out (default 2 × processors).", helpName: "T");
        var sessions = OptionKinds.Whole("--sessions", Merchants.Pkcs11.Pkcs11KeyOptions.DefaultSessions, "Logged-in token sessions in the pool (default 2 × processors).", max: 1024);
        var library = OptionKinds.Text("--library", null, "The SoftHSM2 PKCS#11 module (default: the first of " + string.Join(", ", TokenSigningBenchmark.LibraryPaths) + " that exists).", "PATH");
        var command = new Command(TokenSigningBenchmark.Name, "RSA-2048 signatures per second and CPU per signature, in process and in a throwaway SoftHSM2 token.")
        {
            seconds, rounds, threads, sessions, library,
        };
        return (command, parse => new TokenSigningOptions(parse.GetValue(seconds), parse.GetValue(rounds), parse.GetValue(threads), parse.GetValue(sessions), parse.GetValue(library)));
    }

    private static (Command, Func<ParseResult, object>) BareProxy()
    {
        var urls = OptionKinds.Text("--urls", "http://127.0.0.1:5199", "Where to listen.", "URL");
        var upstream = OptionKinds.Text("--upstream", null, "Where to forward every request.", "URL", required: true);
        var sign = OptionKinds.Text("--sign", null, "Sandbox keys directory: sign every request with its merchant key and verify every answer with its platform certificate, nothing else (cost's signing set-up).", "DIR");
        var command = new Command("bare-proxy", "YARP with nothing added, one catch-all route: the baseline process that bench, cost and run --target bare start.")
        {
            urls, upstream, sign,
        };
        return (command, parse => new BareProxyOptions(parse.GetValue(urls)!, parse.GetValue(upstream)!, parse.GetValue(sign)));
    }

    private static (Command, Func<ParseResult, object>) StaticUpstream()
    {
        var urls = OptionKinds.Text("--urls", null, "Where to listen.", "URL", required: true);
        var keys = OptionKinds.Text("--keys", null, "Sandbox keys directory; its platform key signs the one answer.", "DIR", required: true);
        var command = new Command("static-upstream", "A WeChat Pay stand-in giving every request the same signed prepay answer: the free upstream cost runs start.")
        {
            urls, keys,
        };
        return (command, parse => new StaticUpstreamOptions(parse.GetValue(urls)!, parse.GetValue(keys)!));
    }

    /// <summary>At most one of <paramref name="options"/> may be given: the load models of <c>run</c>, the Redis of <c>quota-decisions</c>.</summary>
    private static void Alternatives(Command command, params Option[] options) =>
        command.Validators.Add(result =>
        {
            var given = options.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (given.Count > 1)
            {
                result.AddError($"{string.Join(" and ", given)} are alternatives; give one.");
            }
        });

    private static int ListScenarios()
    {
        foreach (var (name, description) in ScenarioCatalog.Descriptions)
        {
            Console.WriteLine($"{name,-16} {description}");
        }

        return 0;
    }

    /// <summary>The option or command of <paramref name="command"/> closest to a token it did not recognise, when one is close.</summary>
    private static string? Suggest(Command command, string token)
    {
        var names = token.StartsWith('-')
            ? command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Select(c => c.Name);
        return names
            .Select(name => (Name: name, Distance: Distance(token, name)))
            .Where(c => c.Distance <= Math.Max(1, c.Name.Length / 4))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance: the fewest single-character edits turning one word into the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

/// <summary>What a command without options (<c>list</c>, <c>resilience</c>, <c>config-reload</c>) parses to.</summary>
internal sealed record NoOptions(string Command);
