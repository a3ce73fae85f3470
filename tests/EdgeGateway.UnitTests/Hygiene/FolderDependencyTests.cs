using System.Text.RegularExpressions;

namespace EdgeGateway.UnitTests.Hygiene;

/// <summary>
/// The gateway's folders (one namespace each, with its sub-namespaces) depend on each other one way only: a reader can
/// learn them bottom-up, and a change to a feature never reaches back into what it builds on. The composition root
/// (gateway/*.cs: GatewayApplication, Program, the validate command, the configuration view) may use every folder; no
/// folder may use it. The README's architecture section draws the same layers.
/// </summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>What the shared folders may use: none of them knows a feature.</summary>
    public static TheoryData<string, string[]> SharedFolders => new()
    {
        { "Management", [] },
        { "Telemetry", ["Management"] },
        { "Storage", ["Telemetry"] },
        { "Configuration", ["Telemetry"] },
        { "Merchants", ["Configuration"] },
        { "Requests", ["Configuration", "Merchants"] },
    };

    [Fact]
    public void GatewayFolders_HaveNoDependencyCycle()
    {
        var graph = FolderGraph.Read(Path.Combine(DependencyTableTests.RepositoryRoot(), "gateway"));

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, "folders that depend on each other (each edge with the files that make it):\n" + string.Join("\n", cycles.Select(graph.Describe)));
    }

    [Theory]
    [MemberData(nameof(SharedFolders))]
    public void SharedFolder_UsesOnlyWhatItBuildsOn(string folder, string[] allowed)
    {
        var graph = FolderGraph.Read(Path.Combine(DependencyTableTests.RepositoryRoot(), "gateway"));

        var extra = graph.DependenciesOf(folder).Keys.Except(allowed).Order(StringComparer.Ordinal).ToList();

        Assert.True(extra.Count == 0, $"{folder} may use only [{string.Join(", ", allowed)}] but uses: " +
            string.Join("; ", extra.Select(to => $"{to} ({string.Join(", ", graph.DependenciesOf(folder)[to])})")));
    }

    [Fact]
    public void TheGraph_SeesEveryWayOneFolderReachesAnother()
    {
        var graph = FolderGraph.FromSources(
        [
            ("A", "A/One.cs", "using EdgeGateway.B;\nnamespace EdgeGateway.A;\nclass One { }"),
            ("B", "B/Two.cs", "namespace EdgeGateway.B.Inner;\nclass Two { C.Three x; }"),
            ("C", "C/Three.cs", "namespace EdgeGateway.C;\nclass Three { EdgeGateway.D.Four y; }"),
            ("D", "D/Four.cs", "namespace EdgeGateway.D;\nclass Four { /// <see cref=\"Root\"/>\n }"),
            ("E", "E/Five.cs", "namespace EdgeGateway.E;\nclass Five { // Root in a comment is not a use\n IConfiguration C; void M() { C.Resolve(); } }"),
        ], rootTypes: ["Root"]);

        Assert.Equal(["B"], graph.DependenciesOf("A").Keys);
        Assert.Equal(["C"], graph.DependenciesOf("B").Keys);
        Assert.Equal(["D"], graph.DependenciesOf("C").Keys);
        Assert.Equal([FolderGraph.Root], graph.DependenciesOf("D").Keys);
        Assert.Empty(graph.DependenciesOf("E"));
        Assert.Empty(graph.Cycles());
    }

    [Fact]
    public void TheGraph_ReportsACycleWithTheFilesThatMakeIt()
    {
        var graph = FolderGraph.FromSources(
        [
            ("A", "A/One.cs", "using EdgeGateway.B;\nnamespace EdgeGateway.A;\nclass One { }"),
            ("B", "B/Two.cs", "namespace EdgeGateway.B;\nclass Two { A.One x; }"),
            ("C", "C/Three.cs", "using EdgeGateway.A;\nnamespace EdgeGateway.C;\nclass Three { }"),
        ], rootTypes: []);

        var cycle = Assert.Single(graph.Cycles());

        Assert.Equal(["A", "B"], cycle);
        Assert.Equal("A -> B (A/One.cs); B -> A (B/Two.cs)", graph.Describe(cycle));
    }

    /// <summary>
    /// Which gateway folder uses which, read from the sources the way the compiler resolves names: a
    /// <c>using EdgeGateway.X…</c> directive, a qualified <c>EdgeGateway.X.</c> name, a partly qualified <c>X.Type</c>
    /// (legal inside any <c>EdgeGateway.*</c> namespace) naming a type folder X declares, or a type of the composition root
    /// (visible everywhere without a using) outside a plain comment.
    /// </summary>
    private sealed partial class FolderGraph
    {
        public const string Root = "(composition root)";

        private readonly SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

        public static FolderGraph Read(string gateway)
        {
            var sources = new List<(string Folder, string File, string Text)>();
            foreach (var folder in Directory.EnumerateDirectories(gateway).Select(Path.GetFileName).OfType<string>()
                         .Where(name => name is not ("bin" or "obj" or "Properties")))
            {
                sources.AddRange(Directory.EnumerateFiles(Path.Combine(gateway, folder), "*.cs", SearchOption.AllDirectories)
                    .Where(file => !Path.GetRelativePath(gateway, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                    .Select(file => (folder, Path.GetRelativePath(gateway, file), File.ReadAllText(file))));
            }

            var rootTypes = Directory.EnumerateFiles(gateway, "*.cs", SearchOption.TopDirectoryOnly)
                .SelectMany(file => TypeDeclaration().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value));
            return FromSources(sources, rootTypes);
        }

        public static FolderGraph FromSources(IReadOnlyList<(string Folder, string File, string Text)> sources, IEnumerable<string> rootTypes)
        {
            var declared = sources.GroupBy(s => s.Folder, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.SelectMany(s => TypeDeclaration().Matches(s.Text).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            var roots = rootTypes.ToHashSet(StringComparer.Ordinal);
            var graph = new FolderGraph();
            foreach (var folder in declared.Keys)
            {
                graph._edges[folder] = new(StringComparer.Ordinal);
            }

            foreach (var (folder, file, text) in sources)
            {
                foreach (Match qualified in QualifiedName().Matches(text))
                {
                    graph.Add(folder, qualified.Groups[1].Value, file, declared);
                }

                foreach (Match partly in PartlyQualifiedName().Matches(text))
                {
                    var (to, type) = (partly.Groups[1].Value, partly.Groups[2].Value);
                    if (declared.TryGetValue(to, out var types) && types.Contains(type))
                    {
                        graph.Add(folder, to, file, declared);
                    }
                }

                var code = PlainComment().Replace(text, string.Empty);
                if (Identifier().Matches(code).Any(m => roots.Contains(m.Value)))
                {
                    graph.Edge(folder, Root).Add(file);
                }
            }

            return graph;
        }

        public IReadOnlyDictionary<string, SortedSet<string>> DependenciesOf(string folder) => _edges[folder];

        /// <summary>Every set of two or more folders that reach each other (Tarjan's strongly connected components), each sorted.</summary>
        public List<List<string>> Cycles()
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var low = new Dictionary<string, int>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            var onStack = new HashSet<string>(StringComparer.Ordinal);
            var cycles = new List<List<string>>();

            void Visit(string folder)
            {
                index[folder] = low[folder] = index.Count;
                stack.Push(folder);
                onStack.Add(folder);
                foreach (var next in _edges.TryGetValue(folder, out var edges) ? edges.Keys.ToList() : [])
                {
                    if (!index.ContainsKey(next))
                    {
                        Visit(next);
                        low[folder] = Math.Min(low[folder], low[next]);
                    }
                    else if (onStack.Contains(next))
                    {
                        low[folder] = Math.Min(low[folder], index[next]);
                    }
                }

                if (low[folder] == index[folder])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != folder);

                    if (component.Count > 1)
                    {
                        component.Sort(StringComparer.Ordinal);
                        cycles.Add(component);
                    }
                }
            }

            foreach (var folder in _edges.Keys.Where(f => !index.ContainsKey(f)).ToList())
            {
                Visit(folder);
            }

            return cycles;
        }

        public string Describe(List<string> cycle) => string.Join("; ", cycle.SelectMany(from => _edges[from]
            .Where(edge => cycle.Contains(edge.Key))
            .Select(edge => $"{from} -> {edge.Key} ({string.Join(", ", edge.Value)})")));

        private void Add(string from, string to, string file, Dictionary<string, HashSet<string>> declared)
        {
            if (to != from && declared.ContainsKey(to))
            {
                Edge(from, to).Add(file);
            }
        }

        private SortedSet<string> Edge(string from, string to)
        {
            var edges = _edges[from];
            if (!edges.TryGetValue(to, out var files))
            {
                files = new SortedSet<string>(StringComparer.Ordinal);
                edges[to] = files;
            }

            return files;
        }

        [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)")]
        private static partial Regex TypeDeclaration();

        [GeneratedRegex(@"\bEdgeGateway\.(\w+)")]
        private static partial Regex QualifiedName();

        [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
        private static partial Regex PartlyQualifiedName();

        /// <summary>A <c>//</c> comment that is not documentation (<c>///</c>, whose crefs are real references).</summary>
        [GeneratedRegex(@"(?<!/)//(?!/).*")]
        private static partial Regex PlainComment();

        [GeneratedRegex(@"\b[A-Z]\w*\b")]
        private static partial Regex Identifier();
    }
}
