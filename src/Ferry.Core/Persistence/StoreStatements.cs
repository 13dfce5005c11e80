using System.Data.Common;
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
        LockJob = $"UPDATE {jobs} SET {Q(nameof(Job.LastModifiedAt))} = {Q(nameof(Job.LastModifiedAt))} WHERE {Q(nameof(Job.Id))} = @p0 AND {Q(nameof(Job.LastModifiedAt))} = @p1 RETURNING {Q(nameof(Job.State))}";
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

    /// <summary>Locks the job's row if it is still the version read (@p0 id, @p1 last-modified ticks); returns its stored state.</summary>
    public string LockJob { get; }

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

    private RowTable(string table, string key, string[] columns, Func<T, object?>[] values)
    {
        Table = table;
        _values = values;
        var parameters = Enumerable.Range(0, columns.Length).Select(i => "@p" + i).ToList();
        InsertSql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", parameters)}) RETURNING {key}";
        UpdateSql = $"UPDATE {table} SET {string.Join(", ", columns.Select((c, i) => $"{c} = {parameters[i]}"))} WHERE {key} = @p{columns.Length}";
    }

    /// <summary>The quoted table name.</summary>
    public string Table { get; }

    /// <summary>Inserts a row and returns its generated key.</summary>
    public string InsertSql { get; }

    /// <summary>Overwrites every column of the row whose key is the last parameter (see <see cref="BindUpdate"/>).</summary>
    public string UpdateSql { get; }

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

        return new RowTable<T>(StoreStatements.Q(tableName), StoreStatements.Q(key.GetColumnName(store) ?? key.Name), [.. columns], [.. values]);
    }

    /// <summary>Binds the row's values to <c>@p0</c>… (creating the parameters at the command's first use).</summary>
    public void BindInsert(DbCommand command, T row) => Bind(command, row, extra: 0);

    /// <summary>Binds the row's values and its <paramref name="key"/> (the last parameter).</summary>
    public void BindUpdate(DbCommand command, T row, long key)
    {
        Bind(command, row, extra: 1);
        command.Parameters[_values.Length].Value = key;
    }

    private void Bind(DbCommand command, T row, int extra)
    {
        StoreCommands.EnsureParameters(command, _values.Length + extra);
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
