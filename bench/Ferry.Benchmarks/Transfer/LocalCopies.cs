using System.Text.Json;

namespace Ferry.Benchmarks.Transfer;

/// <summary>
/// The two ways of putting the dataset on a drive folder that the benchmark compares: <c>cp -r</c> followed by
/// <c>md5sum</c> of every copied file (the baseline), and <c>ferry drive prepare</c>, which copies and hashes every
/// block in one pass and writes the manifest. Each starts after a <c>sync</c> (untimed), so that writes of earlier
/// steps are not flushed on its time; a <c>sync</c> after it is timed separately.
/// </summary>
internal sealed class LocalCopies(TransferBenchOptions options, Dataset dataset, string workDirectory)
{
    private static readonly TimeSpan _stepTimeout = TimeSpan.FromHours(2);

    /// <summary>The <c>--dstdir</c> given to prepare: blobs land in this container under this prefix.</summary>
    public const string Container = "ferry-import";

    public const string Prefix = "data/";

    /// <summary><c>cp -r</c> of the dataset folder to <paramref name="destination"/> (which must not exist), then <c>find … | xargs -0 md5sum</c> of the copy; the sums are checked afterwards.</summary>
    public async Task<CopyRun> CopyAndHashAsync(string destination, CancellationToken cancellationToken)
    {
        await SyncAsync(cancellationToken);
        var cp = await RunAsync("cp", ["-r", dataset.Root, destination], cancellationToken);
        var sumsFile = destination + ".md5";
        var md5 = await RunAsync("bash", ["-c", "cd \"$1\" && find . -type f -print0 | xargs -0 md5sum", "md5sum-of-copy", destination], cancellationToken, sumsFile);
        var sync = await SyncAsync(cancellationToken);
        var wrong = CheckSums(sumsFile);
        File.Delete(sumsFile);
        return new CopyRun(cp.Elapsed, cp.Cpu, md5.Elapsed, md5.Cpu, sync.Elapsed, wrong);
    }

    /// <summary>
    /// <c>ferry drive prepare</c> of the dataset folder onto the empty drive folder <paramref name="drive"/>, with a new
    /// journal and session; returns its time and the drive it reports.
    /// </summary>
    public async Task<PrepareRun> PrepareAsync(string drive, string journal, string sessionId, CancellationToken cancellationToken)
    {
        var cli = Path.GetFullPath(options.CliDll);
        if (!File.Exists(cli))
        {
            throw new BenchmarkFailedException($"The ferry tool was not found at {cli}. Build it first: dotnet build -c Release src/Ferry.Cli (or use bench/run-transfer.sh).");
        }

        Directory.CreateDirectory(drive);
        await SyncAsync(cancellationToken);
        string[] arguments =
        [
            cli, "drive", "prepare",
            "--journal", journal,
            "--session-id", sessionId,
            "--srcdir", dataset.Root,
            "--dstdir", $"{Container}/{Prefix}",
            "--drive", drive,
            "--storage-account-key", AzuriteProcess.AccountKey,
            "--output", "json",
        ];
        var prepare = await RunAsync(options.DotnetHost, arguments, cancellationToken);
        var sync = await SyncAsync(cancellationToken);
        return new PrepareRun(prepare.Elapsed, prepare.Cpu, sync.Elapsed, ParseDrive(prepare.Output));
    }

    /// <summary>The one drive of prepare's JSON output (<c>[{"DriveId":…,"BitLockerKey":…,"ManifestFile":…,"ManifestHash":…}]</c>).</summary>
    internal static PreparedDrive ParseDrive(string output)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var drives = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            if (drives.Count != 1)
            {
                throw new BenchmarkFailedException($"ferry drive prepare reported {drives.Count} drives; the benchmark expects one:\n{output}");
            }

            string Get(string name) => drives[0].TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
                ? text
                : throw new BenchmarkFailedException($"ferry drive prepare's output has no {name}:\n{output}");
            return new PreparedDrive(Get("DriveId"), Get("BitLockerKey"), Get("ManifestFile"), Get("ManifestHash"));
        }
        catch (JsonException e)
        {
            throw new BenchmarkFailedException($"ferry drive prepare's output is not JSON ({e.Message}):\n{output}", e);
        }
    }

    /// <summary>Runs <c>sync</c>: untimed before a step, timed after it.</summary>
    public async Task<CommandResult> SyncAsync(CancellationToken cancellationToken) => await RunAsync("sync", [], cancellationToken);

    private async Task<CommandResult> RunAsync(string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? outputFile = null)
    {
        var result = await ChildCommand.RunAsync(command, arguments, workDirectory, _stepTimeout, cancellationToken, outputFile);
        return result.ExitCode == 0
            ? result
            : throw new BenchmarkFailedException($"{command} {string.Join(' ', arguments.Select(a => a == AzuriteProcess.AccountKey ? "<key>" : a))} exited with {result.ExitCode}:\n{result.ErrorTail}");
    }

    /// <summary>The number of dataset files whose md5sum line is missing or differs from the dataset's MD5.</summary>
    private int CheckSums(string sumsFile)
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(sumsFile))
        {
            // "<32 hex>  ./<relative path>"
            if (line.Length > 36 && line[32] == ' ')
            {
                sums[line[36..]] = line[..32].ToUpperInvariant();
            }
        }

        return dataset.Files.Count(f => !sums.TryGetValue(f.RelativePath, out var sum) || sum != f.Md5);
    }
}
