using System.Collections.Concurrent;
using Ferry.Core.Jobs;
using Ferry.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ferry.Data.Sqlite;

/// <summary>
/// The job-with-drives read on SQLite without EF Core (docs/architecture.md §11.9): a few connections that stay open,
/// each holding the one statement (the job joined with its drives, in one snapshot) prepared once. Through EF Core a
/// read rented a pooled connection, ran the connection's pragmas, and built, prepared and disposed a command per
/// statement: at 100,000 jobs, where most reads miss the snapshot cache, that was most of the read's cost. The
/// connections are read-only (<c>query_only</c>); one whose read fails is closed, never reused.
/// </summary>
internal sealed class SqliteJobRowReader(string connectionString, IDbContextFactory<SqliteFerryDbContext> contexts) : IJobRowReader, IDisposable
{
    /// <summary>Idle connections kept; a burst beyond it opens more and closes them after use.</summary>
    internal const int MaxIdle = 16;

    private readonly ConcurrentQueue<Session> _idle = new();
    private readonly Lazy<Shape> _shape = new(() => Shape.Of(contexts), LazyThreadSafetyMode.ExecutionAndPublication);
    private volatile bool _disposed;

    /// <inheritdoc />
    public Job? Read(ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = _idle.TryDequeue(out var idle) ? idle : Session.Open(connectionString, _shape.Value);
        Job? job;
        try
        {
            job = session.Read(surface, subscriptionId, resourceGroupKey, nameKey);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        if (_disposed || _idle.Count >= MaxIdle)
        {
            session.Dispose();
        }
        else
        {
            _idle.Enqueue(session);
            if (_disposed && _idle.TryDequeue(out var late))
            {
                late.Dispose();
            }
        }

        return job;
    }

    /// <summary>Closes every idle connection (after a failure that may have left them unusable, and at dispose).</summary>
    public void Clear()
    {
        while (_idle.TryDequeue(out var session))
        {
            session.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Clear();
    }

    /// <summary>The statement and the readers of its two halves, built once from the model.</summary>
    private sealed class Shape(string sql, EntityRowReader<Job> job, EntityRowReader<Drive> drive)
    {
        public string Sql { get; } = sql;

        public EntityRowReader<Job> Job { get; } = job;

        public EntityRowReader<Drive> Drive { get; } = drive;

        public static Shape Of(IDbContextFactory<SqliteFerryDbContext> contexts)
        {
            using var db = contexts.CreateDbContext();
            var job = new EntityRowReader<Job>(db.Model);
            var drive = new EntityRowReader<Drive>(db.Model, job.Columns.Count);
            var columns = string.Join(", ", job.Columns.Select(c => $"j.\"{c}\"").Concat(drive.Columns.Select(c => $"d.\"{c}\"")));
            var sql = $"""
                SELECT {columns}
                FROM "jobs" AS j LEFT JOIN "drives" AS d ON d."{nameof(Ferry.Core.Jobs.Drive.JobId)}" = j."{nameof(Ferry.Core.Jobs.Job.Id)}"
                WHERE j."{nameof(Ferry.Core.Jobs.Job.Surface)}" = $surface AND j."{nameof(Ferry.Core.Jobs.Job.SubscriptionId)}" = $subscription
                  AND j."{nameof(Ferry.Core.Jobs.Job.ResourceGroupKey)}" = $resourceGroup AND j."{nameof(Ferry.Core.Jobs.Job.NameKey)}" = $name
                ORDER BY d."{nameof(Ferry.Core.Jobs.Drive.Ordinal)}"
                """;
            return new Shape(sql, job, drive);
        }
    }

    /// <summary>One open connection and its prepared statement; used by one read at a time.</summary>
    private sealed class Session : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _surface;
        private readonly SqliteParameter _subscription;
        private readonly SqliteParameter _resourceGroup;
        private readonly SqliteParameter _name;
        private readonly Shape _shape;

        private Session(SqliteConnection connection, SqliteCommand command, Shape shape)
        {
            _connection = connection;
            _command = command;
            _shape = shape;
            _surface = command.Parameters.Add("$surface", SqliteType.Integer);
            _subscription = command.Parameters.Add("$subscription", SqliteType.Text);
            _resourceGroup = command.Parameters.Add("$resourceGroup", SqliteType.Text);
            _name = command.Parameters.Add("$name", SqliteType.Text);
        }

        public static Session Open(string connectionString, Shape shape)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                using (var pragmas = connection.CreateCommand())
                {
                    // A small page cache each (256 KiB, not SQLite's 2 MiB): the OS already caches the file, and up to
                    // MaxIdle connections stay open (docs/architecture.md §11.3 counts the server's memory).
                    pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA query_only = ON; PRAGMA cache_size = -256;";
                    pragmas.ExecuteNonQuery();
                }

                var command = connection.CreateCommand();
                command.CommandText = shape.Sql;
                var session = new Session(connection, command, shape);
                command.Prepare();
                return session;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public Job? Read(ApiSurface surface, string subscriptionId, string resourceGroupKey, string nameKey)
        {
            _surface.Value = (int)surface;
            _subscription.Value = subscriptionId;
            _resourceGroup.Value = resourceGroupKey;
            _name.Value = nameKey;
            using var reader = _command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var job = _shape.Job.Read(reader);
            do
            {
                if (!reader.IsDBNull(_shape.Drive.KeyOrdinal))
                {
                    job.Drives.Add(_shape.Drive.Read(reader));
                }
            }
            while (reader.Read());

            return job;
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
