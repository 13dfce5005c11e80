using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Ferry.Core.Audit;
using Ferry.Core.Jobs;
using Ferry.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Ferry.Core.Persistence;

/// <summary>
/// The SQL of the job store's hot writes (docs/architecture.md §11.11): a job, its drives and its audit entries
/// inserted and updated with statements written once per model from EF Core's own mapping (table and column names,
/// value converters), so they cannot drift from the schema the migrations create. EF Core's change tracker, which cost
/// most of a create's CPU, is not involved; the statements are plain SQL both SQLite and PostgreSQL accept (quoted
/// identifiers, named parameters, <c>RETURNING</c>).
/// </summary>
internal sealed class StoreStatements
{
    private static readonly ConditionalWeakTable<IModel, StoreStatements> _byModel = [];

    private StoreStatements(IModel model)
    {
        Jobs = RowTable<Job>.Create(model, new Dictionary<string, Func<Job, object?>>(StringComparer.Ordinal)
        {
            [JobStore.DeliveryTrackingKey] = j => JobSearchQuery.SearchKey(j.DeliveryPackage?.TrackingNumber),
            [JobStore.ReturnTrackingKey] = j => JobSearchQuery.SearchKey(j.ReturnPackage?.TrackingNumber),
        });
        Drives = RowTable<Drive>.Create(model, new Dictionary<string, Func<Drive, object?>>(StringComparer.Ordinal)
        {
            [JobStore.DriveIdKey] = d => JobSearchQuery.SearchKey(d.DriveId),
        });
        Audit = RowTable<AuditEntry>.Create(model, new Dictionary<string, Func<AuditEntry, object?>>(StringComparer.Ordinal));

        var jobs = Jobs.Table;
        var drives = Drives.Table;
        LockJob = $"UPDATE {jobs} SET {Q(nameof(Job.LastModifiedAt))} = {Q(nameof(Job.LastModifiedAt))} WHERE {Q(nameof(Job.Id))} = @p0 AND {Q(nameof(Job.LastModifiedAt))} = @p1 "
            + $"RETURNING {string.Join(", ", [Q(nameof(Job.State)), .. Jobs.IndexedColumns])}";
        DriveIndexedValues = $"SELECT {string.Join(", ", [Q(nameof(Drive.Id)), .. Drives.IndexedColumns])} FROM {drives} WHERE {Q(nameof(Drive.JobId))} = @p0";
        DeleteJob = $"DELETE FROM {jobs} WHERE {Q(nameof(Job.Id))} = @p0 AND {Q(nameof(Job.LastModifiedAt))} = @p1 RETURNING {Q(nameof(Job.State))}";
        DeleteDrives = $"DELETE FROM {drives} WHERE {Q(nameof(Drive.JobId))} = @p0";
        var webhook = model.FindEntityType(typeof(WebhookEndpoint))!;
        WebhooksOf = $"SELECT {Q(nameof(WebhookEndpoint.Id))} FROM {Q(webhook.GetTableName()!)} WHERE {Q(nameof(WebhookEndpoint.SubscriptionId))} = @p0";
        var versions = Q(model.FindEntityType(typeof(SubscriptionVersion))!.GetTableName()!);
        var versionKey = $"{Q(nameof(SubscriptionVersion.Surface))} = @p0 AND {Q(nameof(SubscriptionVersion.SubscriptionId))} = @p1";
        ActiveJobs = $"SELECT {Q(nameof(SubscriptionVersion.ActiveJobs))} FROM {versions} WHERE {versionKey}";
        BumpVersion = $"UPDATE {versions} SET {Q(nameof(SubscriptionVersion.Version))} = {Q(nameof(SubscriptionVersion.Version))} + 1, "
            + $"{Q(nameof(SubscriptionVersion.ActiveJobs))} = {Q(nameof(SubscriptionVersion.ActiveJobs))} + @p2 WHERE {versionKey}";
        InsertVersion = $"INSERT INTO {versions} ({Q(nameof(SubscriptionVersion.Surface))}, {Q(nameof(SubscriptionVersion.SubscriptionId))}, "
            + $"{Q(nameof(SubscriptionVersion.Version))}, {Q(nameof(SubscriptionVersion.ActiveJobs))}) VALUES (@p0, @p1, 1, @p2)";
    }

    /// <summary>The jobs table.</summary>
    public RowTable<Job> Jobs { get; }

    /// <summary>The drives table.</summary>
    public RowTable<Drive> Drives { get; }

    /// <summary>The audit trail.</summary>
    public RowTable<AuditEntry> Audit { get; }

    /// <summary>
    /// Locks the job's row if it is still the version read (@p0 id, @p1 last-modified ticks); returns its stored state,
    /// then its stored values of <see cref="RowTable{T}.IndexedColumns"/>, in that order.
    /// </summary>
    public string LockJob { get; }

    /// <summary>The key of each drive of the job (@p0), then its stored values of <see cref="RowTable{T}.IndexedColumns"/>.</summary>
    public string DriveIndexedValues { get; }

    /// <summary>Deletes the job if it is still the version read (@p0 id, @p1 last-modified ticks); returns its stored state.</summary>
    public string DeleteJob { get; }

    /// <summary>Deletes every drive of the job (@p0).</summary>
    public string DeleteDrives { get; }

    /// <summary>The subscription's maintained active-job count (@p0 surface, @p1 subscription).</summary>
    public string ActiveJobs { get; }

    /// <summary>Bumps the subscription's write counter and moves its active-job count by @p2.</summary>
    public string BumpVersion { get; }

    /// <summary>The subscription's first counter row, with @p2 active jobs.</summary>
    public string InsertVersion { get; }

    /// <summary>The webhook keys of the subscription (@p0).</summary>
    public string WebhooksOf { get; }

    /// <summary>The statements of <paramref name="model"/>, built once.</summary>
    public static StoreStatements For(IModel model) => _byModel.GetValue(model, m => new StoreStatements(m));

    /// <summary>Deletes the job's drives other than <paramref name="keep"/> of them (@p0 job, @p1… the kept drive keys).</summary>
    public string DeleteDrivesExcept(int keep) => keep == 0
        ? DeleteDrives
        : $"{DeleteDrives} AND {Q(nameof(Drive.Id))} NOT IN ({string.Join(", ", Enumerable.Range(1, keep).Select(i => "@p" + i))})";

    /// <summary>A quoted identifier; both SQLite and PostgreSQL take double quotes.</summary>
    public static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// One table's insert and update statements, and how to read a row's provider values: every mapped column but the
/// generated key, CLR properties through a compiled getter and the property's value converter, shadow properties
/// (the search keys) through the functions given. A column the model adds without a way to read it fails at the first
/// write, never silently.
/// </summary>
internal sealed class RowTable<T> where T : class
{
    private readonly Func<T, object?>[] _values;
    private readonly string[] _columns;
    private readonly int[] _indexed;
    private readonly string _key;
    private readonly ConcurrentDictionary<ulong, UpdateStatement> _updates = new();

    private RowTable(string table, string key, string[] columns, Func<T, object?>[] values, int[] indexed)
    {
        Table = table;
        _key = key;
        _columns = columns;
        _values = values;
        _indexed = indexed;
        IndexedColumns = [.. indexed.Select(i => columns[i])];
        var parameters = Enumerable.Range(0, columns.Length).Select(i => "@p" + i).ToList();
        InsertSql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", parameters)}) RETURNING {key}";
    }

    /// <summary>
    /// The columns that some index of the table holds, in its key, its included columns or its filter (quoted, in
    /// column order); at most 64. An update that leaves them out of its <c>SET</c> list leaves those indexes alone.
    /// </summary>
    public IReadOnlyList<string> IndexedColumns { get; }

    /// <summary>The quoted table name.</summary>
    public string Table { get; }

    /// <summary>Inserts a row and returns its generated key.</summary>
    public string InsertSql { get; }

    /// <summary>Reads the statements of <typeparamref name="T"/>'s table from <paramref name="model"/>.</summary>
    public static RowTable<T> Create(IModel model, IReadOnlyDictionary<string, Func<T, object?>> shadows)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var tableName = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var key = entity.FindPrimaryKey()?.Properties is [var single] ? single : throw new InvalidOperationException($"{typeof(T).Name} needs a single-column key.");
        var columns = new List<string>();
        var values = new List<Func<T, object?>>();
        foreach (var property in entity.GetProperties())
        {
            if (property == key)
            {
                continue;
            }

            columns.Add(StoreStatements.Q(property.GetColumnName(store) ?? property.Name));
            if (property.IsShadowProperty())
            {
                values.Add(shadows.TryGetValue(property.Name, out var shadow)
                    ? shadow
                    : throw new InvalidOperationException($"The store does not know how to write the shadow column {typeof(T).Name}.{property.Name}."));
                continue;
            }

            values.Add(Reader(property));
        }

        // SQLite rewrites the entries of every index whose key, included columns or filter name a column of the SET
        // list, whether or not its value changes; PostgreSQL's HOT updates need the indexed columns unchanged too.
        var indexedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in entity.GetIndexes())
        {
            indexedNames.UnionWith(index.Properties.Where(p => p != key).Select(p => StoreStatements.Q(p.GetColumnName(store) ?? p.Name)));
            if (index.GetFilter() is { } filter)
            {
                indexedNames.UnionWith(columns.Where(c => filter.Contains(c, StringComparison.Ordinal)));
            }
        }

        int[] indexed = [.. Enumerable.Range(0, columns.Count).Where(i => indexedNames.Contains(columns[i]))];
        if (indexed.Length > 64)
        {
            throw new InvalidOperationException($"{typeof(T).Name} has more than 64 indexed columns, more than an update's mask holds.");
        }

        return new RowTable<T>(StoreStatements.Q(tableName), StoreStatements.Q(key.GetColumnName(store) ?? key.Name), [.. columns], [.. values], indexed);
    }

    /// <summary>The row's provider values, one for each column, in column order (<see langword="null"/> for SQL NULL).</summary>
    public object?[] Values(T row)
    {
        var values = new object?[_values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _values[i](row);
        }

        return values;
    }

    /// <summary>
    /// Which of <see cref="IndexedColumns"/> hold the same value in <paramref name="values"/> as in the stored row,
    /// read from <paramref name="stored"/> at <paramref name="offset"/> onwards in the order of
    /// <see cref="IndexedColumns"/>: bit <c>i</c> set when the i-th indexed column is unchanged. A value only counts as
    /// unchanged when it is certainly equal; anything else is written again.
    /// </summary>
    public ulong Unchanged(object?[] values, DbDataReader stored, int offset)
    {
        var unchanged = 0UL;
        for (var i = 0; i < _indexed.Length; i++)
        {
            if (SameValue(stored.IsDBNull(offset + i) ? null : stored.GetValue(offset + i), values[_indexed[i]]))
            {
                unchanged |= 1UL << i;
            }
        }

        return unchanged;
    }

    /// <summary>The update that writes every column but the indexed columns whose bits <paramref name="unchanged"/> sets.</summary>
    public UpdateStatement UpdateOmitting(ulong unchanged) => _updates.GetOrAdd(unchanged, mask =>
    {
        var omitted = new HashSet<int>(Enumerable.Range(0, _indexed.Length).Where(i => (mask & (1UL << i)) != 0).Select(i => _indexed[i]));
        int[] written = [.. Enumerable.Range(0, _columns.Length).Where(c => !omitted.Contains(c))];
        var sql = $"UPDATE {Table} SET {string.Join(", ", written.Select((c, i) => $"{_columns[c]} = @p{i}"))} WHERE {_key} = @p{written.Length}";
        return new UpdateStatement(sql, written);
    });

    /// <summary>Binds the <paramref name="values"/> <paramref name="update"/> writes and the row's <paramref name="key"/> (its last parameter).</summary>
    public static void BindUpdate(DbCommand command, UpdateStatement update, object?[] values, long key)
    {
        StoreCommands.EnsureParameters(command, update.Columns.Length + 1);
        for (var i = 0; i < update.Columns.Length; i++)
        {
            command.Parameters[i].Value = values[update.Columns[i]] ?? DBNull.Value;
        }

        command.Parameters[update.Columns.Length].Value = key;
    }

    /// <summary>Whether a stored value and a value about to be written are certainly the same: same text, same integer.</summary>
    internal static bool SameValue(object? stored, object? value) => (stored, value) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        _ when IsInteger(stored) && IsInteger(value) => Convert.ToInt64(stored, CultureInfo.InvariantCulture) == Convert.ToInt64(value, CultureInfo.InvariantCulture),
        _ => stored.GetType() == value.GetType() && stored.Equals(value),
    };

    private static bool IsInteger(object value) => value is long or int or short or byte or sbyte or ushort or uint;

    /// <summary>Binds the row's values to <c>@p0</c>… (creating the parameters at the command's first use).</summary>
    public void BindInsert(DbCommand command, T row)
    {
        StoreCommands.EnsureParameters(command, _values.Length);
        for (var i = 0; i < _values.Length; i++)
        {
            command.Parameters[i].Value = _values[i](row) ?? DBNull.Value;
        }
    }

    private static Func<T, object?> Reader(IProperty property)
    {
        var info = property.PropertyInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is mapped to a field, which the store does not write.");
        var row = Expression.Parameter(typeof(T), "row");
        var get = Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(row, info), typeof(object)), row).Compile();
        var converter = property.GetTypeMapping().Converter;
        if (converter is not null)
        {
            var toProvider = converter.ConvertToProvider;
            return r => get(r) is { } value ? toProvider(value) : null;
        }

        if ((Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType) is { IsEnum: true } enumType)
        {
            var underlying = Enum.GetUnderlyingType(enumType);
            return r => get(r) is { } value ? Convert.ChangeType(value, underlying, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        return get;
    }
}

/// <summary>An update statement of <see cref="RowTable{T}"/>: its SQL and the columns it writes, in parameter order.</summary>
internal sealed record UpdateStatement(string Sql, int[] Columns);

/// <summary>
/// The commands of one transaction's writes, each created and prepared once and run again for every write of the
/// batch that shares the transaction (on SQLite a statement is compiled at its first run and reused after; on
/// PostgreSQL Npgsql's automatic preparation sees the same text each time).
/// </summary>
internal sealed class StoreCommands(StoreStatements statements, DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The transaction the commands run in.</summary>
    public DbTransaction Transaction => transaction;

    /// <summary>The statements.</summary>
    public StoreStatements Statements => statements;

    /// <summary>The command for <paramref name="sql"/> with <paramref name="parameters"/> parameters <c>@p0</c>….</summary>
    public DbCommand Command(string sql, int parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            _commands.Add(sql, command);
        }

        EnsureParameters(command, parameters);
        return command;
    }

    /// <summary>Adds <c>@p0</c>… to the command until it has <paramref name="count"/> parameters.</summary>
    public static void EnsureParameters(DbCommand command, int count)
    {
        for (var i = command.Parameters.Count; i < count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.Add(parameter);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
