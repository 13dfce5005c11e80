using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

[assembly: AssemblyFixture(typeof(Ferry.TestSupport.PostgreSqlLifetime))]

namespace Ferry.TestSupport;

/// <summary>
/// A real PostgreSQL server for the whole test run, started on first use: <c>initdb</c> into a fresh temporary folder,
/// then <c>pg_ctl start</c> on a free loopback port (with durability off, for speed), stopped and deleted at the end of
/// the run. <c>FERRY_TEST_POSTGRES</c> (an Npgsql connection string whose user may <c>CREATE DATABASE</c>) points the
/// suite at an existing server instead. Every test gets a database of its own, copied from a template that was migrated
/// once. Outside CI a machine without the server binaries skips the tests that need it; under <c>CI=true</c> they fail.
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    /// <summary>The role of a server this fixture starts (a superuser, trusted on loopback).</summary>
    public const string UserName = "ferry";

    private const string FolderPrefix = "ferry-pg-";
    private const string OwnerFile = "owner.pid";
    private const string ObjectInUse = "55006";

    private static readonly Lock _sharedGate = new();
    private static Task<PostgreSqlServer>? _shared;
    private static PostgreSqlServer? _started;

    private readonly SemaphoreSlim _templateGate = new(1, 1);
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> _databases = new(StringComparer.Ordinal);
    private readonly string? _unavailable;
    private readonly string? _root;
    private readonly string _adminConnectionString;
    private readonly string _templateName;
    private bool _templateReady;
    private int _stopped;

    private PostgreSqlServer(string? unavailable, string? root, string adminConnectionString, string templateName)
    {
        _unavailable = unavailable;
        _root = root;
        _adminConnectionString = adminConnectionString;
        _templateName = templateName;
    }

    /// <summary>Whether the server is running (or reachable); when false, <see cref="EnsureAvailable"/> says why.</summary>
    public bool IsAvailable => _unavailable is null;

    /// <summary>The process-wide server, started by the first caller and stopped at the end of the run.</summary>
    public static Task<PostgreSqlServer> GetAsync()
    {
        lock (_sharedGate)
        {
            if (_shared is null)
            {
                _shared = Task.Run(StartSharedAsync);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => StopSharedOnExit();
            }

            return _shared;
        }
    }

    /// <summary>Stops the process-wide server if one was started (the assembly fixture calls it at the end of the run).</summary>
    public static async Task StopSharedAsync()
    {
        Task<PostgreSqlServer>? shared;
        lock (_sharedGate)
        {
            shared = _shared;
        }

        if (shared is not null)
        {
            await (await shared).DisposeAsync();
        }
    }

    /// <summary>
    /// Starts a server for one test alone (not the run's shared one, and never <c>FERRY_TEST_POSTGRES</c>'s), whose
    /// acknowledged commits survive the server being killed, for tests that stop and start it under a running
    /// instance (<see cref="KillAsync"/>, <see cref="RestartAsync"/>). The caller disposes it, which stops and deletes it.
    /// </summary>
    public static async Task<PostgreSqlServer> StartPrivateAsync()
    {
        try
        {
            return await StartOwnAsync(durable: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Unavailable($"The private test PostgreSQL did not start: {e}");
        }
    }

    /// <summary>Stops a server this fixture started with an immediate shutdown (<c>pg_ctl stop -m immediate</c>): no checkpoint, crash recovery at the next start.</summary>
    public async Task KillAsync()
    {
        var (pgCtl, data) = OwnServer();
        var log = new StringBuilder();
        if (await RunAsync(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], log, IsRoot(), _root) != 0)
        {
            throw new InvalidOperationException($"pg_ctl stop -m immediate failed:\n{log}");
        }
    }

    /// <summary>Starts a server this fixture started, and stopped, again on its port; waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        var (pgCtl, data) = OwnServer();
        var log = new StringBuilder();
        var port = new NpgsqlConnectionStringBuilder(_adminConnectionString).Port;
        if (await RunAsync(pgCtl, ["-D", data, "-l", Path.Combine(_root!, "server.log"), "-w", "-t", "120", "-o", $"-p {port}", "start"], log, IsRoot(), _root) != 0)
        {
            throw new InvalidOperationException($"pg_ctl start failed:\n{log}\n{ReadQuietly(Path.Combine(_root!, "server.log"))}");
        }
    }

    /// <summary>Skips the test (outside CI) or fails it (under CI) when the server could not be started.</summary>
    public void EnsureAvailable()
    {
        if (_unavailable is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(_unavailable);
        }

        Assert.Skip(_unavailable);
    }

    /// <summary>
    /// Creates a fresh database and returns its connection string (pooled). The first call creates the template
    /// database and runs <paramref name="migrateTemplate"/> on it once; every database is a copy of that template, so
    /// later callers' <paramref name="migrateTemplate"/> is not run.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(Func<string, CancellationToken, Task> migrateTemplate, CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        await EnsureTemplateAsync(migrateTemplate, cancellationToken);
        var name = "ferry_" + Guid.NewGuid().ToString("N");
        await CreateFromTemplateAsync(name, cancellationToken);
        return ConnectionString(name, pooling: true);
    }

    /// <summary>Creates an empty database (no schema: for tests of migrating) and returns its connection string.</summary>
    public async Task<string> CreateEmptyDatabaseAsync(CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        var name = "ferry_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync($"CREATE DATABASE {Quote(name)} TEMPLATE template0", cancellationToken);
        _databases.TryAdd(name, 0);
        return ConnectionString(name, pooling: true);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever still uses it.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        if (_unavailable is not null || Volatile.Read(ref _stopped) != 0)
        {
            return;
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", cancellationToken);
        _databases.TryRemove(name, out _);
    }

    /// <summary>The names of the databases on the server (for tests of this fixture).</summary>
    public async Task<IReadOnlyList<string>> ListDatabasesAsync(CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database ORDER BY datname", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _unavailable is not null)
        {
            return;
        }

        if (_root is not null)
        {
            StopOwnServer(_root);
            return;
        }

        // An existing server: leave nothing behind.
        NpgsqlConnection.ClearAllPools();
        foreach (var name in _databases.Keys.Append(_templateName))
        {
            try
            {
                await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The server went away; nothing more to clean.
            }
        }
    }

    private (string PgCtl, string Data) OwnServer()
    {
        EnsureAvailable();
        return _root is not null && FindBinaryOrNull("pg_ctl") is { } pgCtl
            ? (pgCtl, Path.Combine(_root, "data"))
            : throw new InvalidOperationException("Only a server this fixture started can be stopped and started again.");
    }

    private static async Task<PostgreSqlServer> StartSharedAsync()
    {
        PostgreSqlServer server;
        try
        {
            server = await StartAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            server = Unavailable($"The test PostgreSQL did not start: {e}");
        }

        Volatile.Write(ref _started, server);
        return server;
    }

    private static void StopSharedOnExit()
    {
        // The fallback when the assembly fixture did not run (an aborted run): stop the server synchronously.
        if (Volatile.Read(ref _started) is { _root: { } root } server && Interlocked.Exchange(ref server._stopped, 1) == 0)
        {
            StopOwnServer(root);
        }
    }

    private async Task EnsureTemplateAsync(Func<string, CancellationToken, Task> migrateTemplate, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _templateReady))
        {
            return;
        }

        await _templateGate.WaitAsync(cancellationToken);
        try
        {
            if (_templateReady)
            {
                return;
            }

            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Quote(_templateName)} WITH (FORCE)", cancellationToken);
            await ExecuteAdminAsync($"CREATE DATABASE {Quote(_templateName)}", cancellationToken);
            var template = ConnectionString(_templateName, pooling: false);
            await migrateTemplate(template, cancellationToken);
            using (var connection = new NpgsqlConnection(template))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            // A copy needs the template to have no session at all.
            await ExecuteAdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_templateName}' AND pid <> pg_backend_pid()", cancellationToken);
            Volatile.Write(ref _templateReady, true);
        }
        finally
        {
            _templateGate.Release();
        }
    }

    private async Task CreateFromTemplateAsync(string name, CancellationToken cancellationToken)
    {
        // PostgreSQL copies a template only while nobody else uses it, and a copy counts as a use: one at a time.
        await _createGate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await ExecuteAdminAsync($"CREATE DATABASE {Quote(name)} TEMPLATE {Quote(_templateName)}", cancellationToken);
                    _databases.TryAdd(name, 0);
                    return;
                }
                catch (PostgresException e) when (e.SqlState == ObjectInUse && attempt < 100)
                {
                    // Another session (autovacuum, a straggling connection) is on the template for a moment.
                    await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
                }
            }
        }
        finally
        {
            _createGate.Release();
        }
    }

    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 120;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string ConnectionString(string database, bool pooling) => new NpgsqlConnectionStringBuilder(_adminConnectionString)
    {
        Database = database,
        Pooling = pooling,
        MaxPoolSize = 20,
        IncludeErrorDetail = true,
    }.ToString();

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<PostgreSqlServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("FERRY_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return await ConnectExistingAsync(existing, Guid.NewGuid().ToString("N")[..8]);
        }

        return await StartOwnAsync(durable: false);
    }

    /// <summary>
    /// Starts a server of its own: <c>initdb</c> and <c>pg_ctl start</c> as for the shared one. <paramref name="durable"/>
    /// keeps <c>synchronous_commit</c> on, so a commit is acknowledged only once its WAL record is written: it survives
    /// the server being killed (<c>fsync</c> stays off, so not an operating-system crash).
    /// </summary>
    private static async Task<PostgreSqlServer> StartOwnAsync(bool durable)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var initdb = FindBinaryOrNull("initdb");
        var pgCtl = FindBinaryOrNull("pg_ctl");
        if (initdb is null || pgCtl is null)
        {
            return Unavailable("PostgreSQL's server binaries (initdb, pg_ctl) are not installed: install the PostgreSQL server, or set FERRY_TEST_POSTGRES to an existing server's connection string.");
        }

        var asPostgres = IsRoot();
        if (asPostgres && FindBinaryOrNull("runuser") is null)
        {
            return Unavailable("The tests run as root and PostgreSQL refuses root, but runuser is not installed to start it as the postgres user.");
        }

        RemoveOrphans(pgCtl, asPostgres);
        var root = Path.Combine(asPostgres ? "/tmp" : Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{runId}");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var log = new StringBuilder();
        try
        {
            if (asPostgres)
            {
                File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                await RunCheckedAsync("chown", ["postgres:", root], log);
            }

            var data = Path.Combine(root, "data");
            await RunCheckedAsync(initdb, ["-D", data, "-U", UserName, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], log, asPostgres, root);
            await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), $"""

                # The test fixture's settings: loopback only, a socket in the run's folder, no durability (beyond a killed server's, when asked).
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '{root}'
                max_connections = 300
                fsync = off
                synchronous_commit = {(durable ? "on" : "off")}
                full_page_writes = off
                log_min_messages = warning

                """);
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                var started = await RunAsync(pgCtl, ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "120", "-o", $"-p {port}", "start"], log, asPostgres, root);
                if (started == 0)
                {
                    var admin = new NpgsqlConnectionStringBuilder
                    {
                        Host = "127.0.0.1",
                        Port = port,
                        Username = UserName,
                        Database = "postgres",
                        Pooling = true,
                        MaxPoolSize = 4,
                        Timeout = 30,
                    }.ToString();
                    return new PostgreSqlServer(null, root, admin, "ferry_template");
                }

                var serverLog = ReadQuietly(Path.Combine(root, "server.log"));
                log.AppendLine(serverLog);
                if (attempt >= 3 || !serverLog.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"pg_ctl start failed with exit code {started}.");
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            StopOwnServer(root);
            return Unavailable($"The test PostgreSQL did not start: {e.Message}\n{log}");
        }
    }

    private static async Task<PostgreSqlServer> ConnectExistingAsync(string connectionString, string runId)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, MaxPoolSize = 4 };
        if (string.IsNullOrEmpty(admin.Database))
        {
            admin.Database = "postgres";
        }

        try
        {
            await using var connection = new NpgsqlConnection(admin.ToString());
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            return Unavailable($"FERRY_TEST_POSTGRES does not reach a server: {e.Message}");
        }

        // Another run may share the server, and its migrations may differ: the template is this run's own.
        return new PostgreSqlServer(null, null, admin.ToString(), $"ferry_template_{runId}");
    }

    private static PostgreSqlServer Unavailable(string reason) => new(reason, null, "", "");

    private static void StopOwnServer(string root)
    {
        var data = Path.Combine(root, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")) && FindBinaryOrNull("pg_ctl") is { } pgCtl)
        {
            RunBlocking(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], IsRoot(), root);
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Something still holds a file; the temporary folder is cleaned later.
        }
    }

    /// <summary>
    /// Stops and deletes the servers of earlier runs that were killed before they could stop them: a folder of this
    /// fixture whose owning test process no longer exists.
    /// </summary>
    private static void RemoveOrphans(string pgCtl, bool asPostgres)
    {
        var temp = asPostgres ? "/tmp" : Path.GetTempPath();
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(temp, FolderPrefix + "*").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var folder in folders)
        {
            if (!int.TryParse(ReadQuietly(Path.Combine(folder, OwnerFile)).Trim(), CultureInfo.InvariantCulture, out var owner) || IsRunning(owner))
            {
                continue;
            }

            var data = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                RunBlocking(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres, folder);
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to clean after all.
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatformGuard("linux")]
    private static bool IsRoot() => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private static string? FindBinaryOrNull(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var versioned = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf).Select(v => Path.Combine(v, "bin"))
            : [];
        return path.Concat(["/usr/local/bin", "/usr/sbin", "/sbin"]).Concat(versioned)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    private static int VersionOf(string directory) => int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var version) ? version : 0;

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, bool asPostgres, string? workingDirectory)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in (asPostgres ? ["-u", "postgres", "--", file] : Array.Empty<string>()).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static async Task RunCheckedAsync(string file, IReadOnlyList<string> arguments, StringBuilder log, bool asPostgres = false, string? workingDirectory = null)
    {
        var exitCode = await RunAsync(file, arguments, log, asPostgres, workingDirectory);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed with exit code {exitCode}.");
        }
    }

    private static async Task<int> RunAsync(string file, IReadOnlyList<string> arguments, StringBuilder log, bool asPostgres, string? workingDirectory)
    {
        using var process = new Process { StartInfo = StartInfo(file, arguments, asPostgres, workingDirectory) };
        log.AppendLine(CultureInfo.InvariantCulture, $"$ {Path.GetFileName(file)} {string.Join(' ', arguments)}");
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in 3 minutes.");
        }

        log.Append(await output).Append(await error);
        return process.ExitCode;
    }

    private static void RunBlocking(string file, IReadOnlyList<string> arguments, bool asPostgres, string? workingDirectory)
    {
        try
        {
            using var process = Process.Start(StartInfo(file, arguments, asPostgres, workingDirectory))!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit(60_000);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Stopping is best effort; the folder check of a later run finds what is left.
        }
    }

    private static string ReadQuietly(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Stops the run's <see cref="PostgreSqlServer"/> (if a test started it) when the test assembly is done.</summary>
public sealed class PostgreSqlLifetime : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await PostgreSqlServer.StopSharedAsync();
}
