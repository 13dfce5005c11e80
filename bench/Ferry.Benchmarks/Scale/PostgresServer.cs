using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Ferry.Benchmarks.Scale;

/// <summary>
/// The PostgreSQL the scale benchmark measures: a throwaway server (<c>initdb</c> and <c>pg_ctl</c> in a temporary
/// folder, on a free loopback port, with the durable defaults stated on its command line) or, when
/// <c>FERRY_BENCH_POSTGRES</c> holds a connection string, an existing server. Either way the benchmark works in a
/// database of its own, created here and dropped (or the whole server stopped and deleted) at the end.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "FERRY_BENCH_POSTGRES";

    /// <summary>The settings that decide durability and memory, read back from the server for the report.</summary>
    private static readonly string[] _reportedSettings =
        ["fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "work_mem", "max_connections"];

    // Durable defaults, stated so that no postgresql.conf can change them: every commit is flushed to disk, as
    // SQLite's synchronous=FULL does for the SQLite server measured beside it.
    private static readonly string[] _serverSettings = ["fsync=on", "synchronous_commit=on", "full_page_writes=on"];

    private static readonly TimeSpan _commandTimeout = TimeSpan.FromMinutes(3);

    private readonly string? _folder;
    private readonly string? _pgCtl;
    private readonly bool _asPostgresUser;
    private readonly string _adminConnectionString;

    private PostgresServer(string? folder, string? pgCtl, bool asPostgresUser, string adminConnectionString, string databaseName, string description)
    {
        _folder = folder;
        _pgCtl = pgCtl;
        _asPostgresUser = asPostgresUser;
        _adminConnectionString = adminConnectionString;
        DatabaseName = databaseName;
        Description = description;
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = databaseName, Pooling = true };
        ConnectionString = builder.ConnectionString;
    }

    /// <summary>The benchmark's own database, for the servers and the bulk insert.</summary>
    public string ConnectionString { get; }

    public string DatabaseName { get; }

    /// <summary>Where the server runs and how it was started, for the report.</summary>
    public string Description { get; }

    /// <summary>When set, disposing stops a throwaway server but keeps its folder, and leaves the database on an existing server.</summary>
    public bool Keep { get; set; }

    /// <summary>Whether this run started (and will stop) the server.</summary>
    public bool Throwaway => _folder is not null;

    /// <summary>The throwaway server's postmaster (first line of <c>postmaster.pid</c>); null for an existing server.</summary>
    public int? PostmasterPidOrNull()
    {
        if (_folder is null)
        {
            return null;
        }

        try
        {
            var first = File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Starts a throwaway server, or connects to the one of <see cref="EnvironmentVariable"/>, and creates the benchmark's database.</summary>
    public static async Task<PostgresServer> StartAsync(string? pgBin, CancellationToken cancellationToken)
    {
        var databaseName = "ferrybench_" + Guid.NewGuid().ToString("N")[..8];
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } existing)
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(existing);
            }
            catch (ArgumentException e)
            {
                throw new BenchmarkFailedException($"{EnvironmentVariable} is not an Npgsql connection string: {e.Message}", e);
            }

            var server = new PostgresServer(null, null, false, builder.ConnectionString, databaseName, $"an existing server ({EnvironmentVariable}), {builder.Host}:{builder.Port}");
            await server.CreateDatabaseAsync(cancellationToken);
            return server;
        }

        var initdb = FindTool(pgBin, "initdb");
        var pgCtl = FindTool(pgBin, "pg_ctl");
        var folder = Directory.CreateTempSubdirectory("ferry-bench-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var port = ServerProcess.FreeLoopbackPort();
        var asPostgres = Environment.UserName == "root";
        var started = new PostgresServer(folder, pgCtl, asPostgres, $"Host=127.0.0.1;Port={port};Username=ferry;Database=postgres;Pooling=false", databaseName,
            $"a throwaway server: `initdb -U ferry -A trust -E UTF8 --locale=C`, started with `-c {string.Join(" -c ", _serverSettings)}` on 127.0.0.1:{port}");
        try
        {
            if (asPostgres)
            {
                // PostgreSQL refuses to run as root: the folder goes to the postgres user, who runs initdb and pg_ctl.
                await RunAsync("chown", ["-R", "postgres:postgres", folder], asPostgresUser: false, cancellationToken);
            }

            Console.WriteLine($"PostgreSQL: initdb in {data}{(asPostgres ? " (as the postgres user)" : "")}…");
            await RunAsync(initdb, ["-D", data, "-U", "ferry", "-A", "trust", "-E", "UTF8", "--locale=C"], asPostgres, cancellationToken);
            var serverOptions = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c {string.Join(" -c ", _serverSettings)}";
            await RunAsync(pgCtl, ["-D", data, "-l", Path.Combine(folder, "postgres.log"), "-w", "-t", "120", "-o", serverOptions, "start"], asPostgres, cancellationToken);
            Console.WriteLine($"PostgreSQL: started on 127.0.0.1:{port} (log {Path.Combine(folder, "postgres.log")})");
            await started.CreateDatabaseAsync(cancellationToken);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's version and the settings of <see cref="_reportedSettings"/>, as <c>name=value</c>.</summary>
    public async Task<IReadOnlyList<string>> ReadSettingsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var settings = new List<string> { $"PostgreSQL {connection.PostgreSqlVersion}" };
        await using var command = new NpgsqlCommand("SELECT n, current_setting(n) FROM unnest(@names) AS n", connection);
        command.Parameters.AddWithValue("names", _reportedSettings);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            settings.Add($"{reader.GetString(0)}={reader.GetString(1)}");
        }

        return settings;
    }

    /// <summary>Drops the benchmark's database (existing server) or stops the throwaway server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_folder is null)
        {
            if (Keep)
            {
                Console.WriteLine($"Kept database {DatabaseName} on {Description}.");
                return;
            }

            try
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(_adminConnectionString);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"warning: could not drop database {DatabaseName}: {e.Message}");
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        var data = Path.Combine(_folder, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                await RunAsync(_pgCtl!, ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"], _asPostgresUser, CancellationToken.None);
            }
            catch (BenchmarkFailedException e)
            {
                await Console.Error.WriteLineAsync($"warning: could not stop the throwaway PostgreSQL in {_folder}: {e.Message}");
                return;
            }
        }

        if (Keep)
        {
            Console.WriteLine($"Kept the stopped PostgreSQL in {_folder} (start it again with pg_ctl -D {data} start).");
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"warning: could not delete {_folder}: {e.Message}");
        }
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName} TEMPLATE template0 ENCODING 'UTF8'", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new BenchmarkFailedException($"Could not create database {DatabaseName} on {Description}: {e.Message}", e);
        }
    }

    private static string FindTool(string? pgBin, string name)
    {
        if (pgBin is not null)
        {
            var given = Path.Combine(pgBin, name);
            return File.Exists(given) ? given : throw new BenchmarkFailedException($"{given} does not exist (--pg-bin).");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/local/bin").Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        return onPath ?? throw new BenchmarkFailedException(
            $"{name} not found on PATH nor in /usr/local/bin: install PostgreSQL, pass --pg-bin, or set {EnvironmentVariable} to a server's connection string.");
    }

    private static async Task RunAsync(string tool, IReadOnlyList<string> arguments, bool asPostgresUser, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(asPostgresUser ? "runuser" : tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in asPostgresUser ? ["-u", "postgres", "--", tool, .. arguments] : arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_commandTimeout);
        if (!process.Start())
        {
            throw new BenchmarkFailedException($"Could not start {tool}.");
        }

        // pg_ctl start leaves the server running with our output pipes closed (-l sends its output to the log).
        var output = process.StandardOutput.ReadToEndAsync(timer.Token);
        var error = process.StandardError.ReadToEndAsync(timer.Token);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new BenchmarkFailedException($"{tool} {string.Join(' ', arguments)} did not finish within {_commandTimeout.TotalSeconds:0} s.");
        }

        if (process.ExitCode != 0)
        {
            var text = (await output) + "\n" + (await error);
            throw new BenchmarkFailedException(string.Create(CultureInfo.InvariantCulture, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{text}"));
        }
    }
}
