using System.Text.RegularExpressions;

namespace Ferry.UnitTests.Architecture;

/// <summary>
/// The repository stands alone: every citation of a reference document (docs/README.md, "Citations") names a document,
/// a numbered section and a decision that exist; no text points outside the repository; every relative markdown link in
/// docs/ and README.md leads to a file. Scans the text files under src/, tests/, bench/ and docs/, README.md and
/// Directory.Build.props (not bin/, obj/, artifacts/, node_modules/, generated EF migration code, nor this file, whose
/// samples are broken on purpose).
/// </summary>
public sealed partial class CitationTests
{
    private static readonly string[] _scannedFolders = ["src", "tests", "bench", "docs"];
    private static readonly string[] _scannedRootFiles = ["README.md", "Directory.Build.props"];
    private static readonly HashSet<string> _skippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "artifacts", "node_modules" };
    private static readonly HashSet<string> _textExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".md", ".js", ".mjs", ".ts", ".json", ".http", ".xml", ".csproj", ".props", ".targets", ".sh", ".txt", ".yml", ".yaml", ".slnx",
    };

    // Built from parts so that this file does not hold them itself.
    private static readonly string[] _outsidePaths = ["../" + "shared", "shared/" + "spec", "DESIGN" + ".md"];

    private static readonly Lazy<string> _root = new(FindRoot);
    private static readonly Lazy<Findings> _findings = new(() => Scan(_root.Value));

    [Fact]
    public void Every_cited_document_section_and_decision_exists() =>
        Assert.True(_findings.Value.Citations.Count == 0, Report("citations of a document, section or decision that does not exist", _findings.Value.Citations));

    [Fact]
    public void No_text_points_outside_the_repository() =>
        Assert.True(_findings.Value.Outside.Count == 0, Report("references to paths outside the repository", _findings.Value.Outside));

    [Fact]
    public void Every_relative_markdown_link_resolves() =>
        Assert.True(_findings.Value.Links.Count == 0, Report("relative markdown links that lead to no file", _findings.Value.Links));

    [Fact]
    public void The_scanner_finds_the_repository_citations() =>
        Assert.True(_findings.Value.Checked > 400, $"Only {_findings.Value.Checked} citations were checked; the scanner is missing them.");

    [Fact]
    public void The_scanner_reports_each_kind_of_bad_citation()
    {
        var index = Index.Read(_root.Value);
        string[] bad =
        [
            "// docs/formats.md §99",
            "// docs/formats.md §2, §98",
            "// docs/no-such-document.md §1",
            "// docs/decisions.md D999",
            "// docs/decisions.md D6, D998",
            "// the rules of §3.3, with no document before it",
            "// see " + _outsidePaths[0] + "/spec/formats.md",
        ];
        string[] good = ["// docs/formats.md §3.3 and §2; docs/decisions.md D6, D35", "// RFC 6750 §3", "// docs/lifecycle.md §1.1, the drive diagram of §2.1"];

        foreach (var line in bad)
        {
            var findings = new Findings();
            CheckLine(index, "src/Sample.cs", 1, line, findings);
            Assert.True(findings.Citations.Count + findings.Outside.Count > 0, $"Not reported: {line}");
        }

        foreach (var line in good)
        {
            var findings = new Findings();
            CheckLine(index, "src/Sample.cs", 1, line, findings);
            Assert.True(findings.Citations.Count + findings.Outside.Count == 0, $"Reported: {line}: {string.Join("; ", findings.Citations)}");
            Assert.True(findings.Checked > 0 || !line.Contains("docs/", StringComparison.Ordinal), $"Not counted: {line}");
        }
    }

    private static string Report(string what, List<string> problems) =>
        $"{problems.Count} {what}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ferry.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Ferry.slnx.");
    }

    private static Findings Scan(string root)
    {
        var index = Index.Read(root);
        var findings = new Findings();
        var self = Path.Combine("tests", "Ferry.UnitTests", "Architecture", "CitationTests.cs");
        foreach (var file in ScannedFiles(root))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative == self)
            {
                continue;
            }

            var shown = relative.Replace('\\', '/');
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                CheckLine(index, shown, number, line, findings);
                if (shown.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                {
                    CheckLinks(root, file, shown, number, line, findings);
                }
            }
        }

        return findings;
    }

    private static IEnumerable<string> ScannedFiles(string root)
    {
        foreach (var name in _scannedRootFiles)
        {
            var path = Path.Combine(root, name);
            if (File.Exists(path))
            {
                yield return path;
            }
        }

        var pending = new Stack<string>(_scannedFolders.Select(f => Path.Combine(root, f)).Where(Directory.Exists));
        while (pending.TryPop(out var dir))
        {
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (!_skippedFolders.Contains(name) && !name.StartsWith('.'))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var name = Path.GetFileName(file);
                var generated = name.EndsWith(".Designer.cs", StringComparison.Ordinal) || name.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal);
                if (_textExtensions.Contains(Path.GetExtension(file)) && !generated)
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>Checks the citations of one line and its references to paths outside the repository.</summary>
    private static void CheckLine(Index index, string file, int number, string line, Findings findings)
    {
        foreach (var outside in _outsidePaths)
        {
            if (line.Contains(outside, StringComparison.OrdinalIgnoreCase))
            {
                findings.Outside.Add($"{file}:{number}: '{outside}' in: {line.Trim()}");
            }
        }

        if (!line.Contains("docs/", StringComparison.Ordinal) && !line.Contains('§', StringComparison.Ordinal))
        {
            return;
        }

        // Within a document of docs/, a bare § is a section of that document; elsewhere, of the document cited last before it.
        var ownDocument = file.StartsWith("docs/", StringComparison.Ordinal) && file.Count(c => c == '/') == 1 && file.EndsWith(".md", StringComparison.Ordinal)
            ? file["docs/".Length..]
            : null;
        var covered = new List<(int Start, int End, string Document)>();
        foreach (Match m in DocumentCitation().Matches(line))
        {
            var document = m.Groups["doc"].Value + ".md";
            covered.Add((m.Index, m.Index + m.Length, document));
            if (!index.Sections.TryGetValue(document, out var sections))
            {
                findings.Citations.Add($"{file}:{number}: docs/{document} does not exist");
                continue;
            }

            if (m.Groups["n"].Success)
            {
                CheckSections(document, sections, [m.Groups["n"].Value, .. MoreSections(m.Groups["more"].Value)], file, number, findings);
            }
        }

        foreach (Match m in DecisionCitation().Matches(line))
        {
            foreach (var id in new[] { m.Groups["n"].Value }.Concat(MoreDecisions().Matches(m.Groups["more"].Value).Select(d => d.Groups[1].Value)))
            {
                findings.Checked++;
                if (!index.Decisions.Contains(id))
                {
                    findings.Citations.Add($"{file}:{number}: docs/decisions.md has no decision D{id}");
                }
            }
        }

        foreach (Match m in BareSection().Matches(line))
        {
            if (covered.Any(c => m.Index >= c.Start && m.Index < c.End) || RfcBefore().IsMatch(line[..m.Index]))
            {
                continue;
            }

            var document = ownDocument ?? covered.Where(c => c.End <= m.Index).Select(c => c.Document).LastOrDefault();
            if (document is null)
            {
                findings.Citations.Add($"{file}:{number}: '{m.Value.Trim()}' names no document (write docs/<document>.md §<n>)");
                continue;
            }

            if (index.Sections.TryGetValue(document, out var sections))
            {
                CheckSections(document, sections, [m.Groups["n"].Value, .. MoreSections(m.Groups["more"].Value)], file, number, findings);
            }
        }
    }

    private static void CheckSections(string document, HashSet<string> sections, string[] cited, string file, int number, Findings findings)
    {
        foreach (var section in cited)
        {
            findings.Checked++;
            if (!sections.Contains(section))
            {
                findings.Citations.Add($"{file}:{number}: docs/{document} has no section §{section}");
            }
        }
    }

    private static IEnumerable<string> MoreSections(string more) => MoreSection().Matches(more).Select(m => m.Groups[1].Value);

    private static void CheckLinks(string root, string path, string file, int number, string line, Findings findings)
    {
        foreach (Match m in MarkdownLink().Matches(line))
        {
            var target = m.Groups[1].Value;
            if (target.StartsWith('#') || UriScheme().IsMatch(target))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var relative = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, relative));
            if (!resolved.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                findings.Outside.Add($"{file}:{number}: the link '{target}' leads outside the repository");
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                findings.Links.Add($"{file}:{number}: the link '{target}' leads to no file");
            }
        }
    }

    [GeneratedRegex(@"docs/(?<doc>[A-Za-z0-9_.-]+?)\.md(?:\s*§\s*(?<n>\d+(?:\.\d+)*)(?<more>(?:\s*(?:,|and|–|-|to|;)\s*§\s*\d+(?:\.\d+)*)*))?")]
    private static partial Regex DocumentCitation();

    [GeneratedRegex(@"§\s*(?<n>\d+(?:\.\d+)*)(?<more>(?:\s*(?:,|and|–|-|to|;)\s*§\s*\d+(?:\.\d+)*)*)")]
    private static partial Regex BareSection();

    [GeneratedRegex(@"§\s*(\d+(?:\.\d+)*)")]
    private static partial Regex MoreSection();

    [GeneratedRegex(@"docs/decisions\.md\s+D(?<n>\d+)(?<more>(?:\s*(?:,|and)\s*D\d+)*)")]
    private static partial Regex DecisionCitation();

    [GeneratedRegex(@"D(\d+)")]
    private static partial Regex MoreDecisions();

    [GeneratedRegex(@"RFC\s*\d+\s*$")]
    private static partial Regex RfcBefore();

    [GeneratedRegex(@"\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"^#{2,6}\s+(\d+(?:\.\d+)*)\.?\s")]
    private static partial Regex NumberedHeading();

    [GeneratedRegex(@"\*\*D(\d+)\*\*")]
    private static partial Regex DecisionEntry();

    /// <summary>What the scan found wrong, and how many citations it checked.</summary>
    private sealed class Findings
    {
        public List<string> Citations { get; } = [];
        public List<string> Outside { get; } = [];
        public List<string> Links { get; } = [];
        public int Checked { get; set; }
    }

    /// <summary>The documents of docs/ with their numbered sections, and the decision ids of docs/decisions.md.</summary>
    private sealed record Index(Dictionary<string, HashSet<string>> Sections, HashSet<string> Decisions)
    {
        public static Index Read(string root)
        {
            var docs = Path.Combine(root, "docs");
            var sections = Directory.EnumerateFiles(docs, "*.md").ToDictionary(
                f => Path.GetFileName(f),
                f => File.ReadLines(f).Select(l => NumberedHeading().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
            var decisions = File.ReadLines(Path.Combine(docs, "decisions.md"))
                .SelectMany(l => DecisionEntry().Matches(l))
                .Select(m => m.Groups[1].Value)
                .ToHashSet(StringComparer.Ordinal);
            return new Index(sections, decisions);
        }
    }
}
