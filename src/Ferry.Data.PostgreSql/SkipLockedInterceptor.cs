using System.Data.Common;
using System.Text.RegularExpressions;
using Ferry.Core.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ferry.Data.PostgreSql;

/// <summary>
/// Renders <see cref="RowLocks.ForUpdateSkipLocked{T}"/>: a query tagged <c>-- ferry:skip-locked {table}</c> gets
/// <c>FOR UPDATE OF {alias} SKIP LOCKED</c> appended, where <c>{alias}</c> is the table's alias in the query (only its
/// rows are locked, not those of joined tables).
/// </summary>
internal sealed partial class SkipLockedInterceptor : DbCommandInterceptor
{
    /// <summary>The one instance every PostgreSQL context shares (it holds no state).</summary>
    public static SkipLockedInterceptor Instance { get; } = new();

    /// <inheritdoc />
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        command.CommandText = Rewrite(command.CommandText);
        return result;
    }

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        command.CommandText = Rewrite(command.CommandText);
        return ValueTask.FromResult(result);
    }

    /// <summary>The command text with the locking clause its tag asks for; any other text unchanged.</summary>
    internal static string Rewrite(string sql)
    {
        var tag = Tag().Match(sql);
        if (!tag.Success)
        {
            return sql;
        }

        var table = tag.Groups["table"].Value;
        var alias = Alias().Matches(sql).FirstOrDefault(m => string.Equals(m.Groups["table"].Value, table, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The query tagged '{RowLocks.SkipLockedTag}{table}' does not read table '{table}' under an alias.");
        return sql.TrimEnd().TrimEnd(';') + $"\nFOR UPDATE OF {alias.Groups["alias"].Value} SKIP LOCKED";
    }

    [GeneratedRegex(@"^-- ferry:skip-locked (?<table>\w+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\b(?:FROM|JOIN)\s+""?(?<table>\w+)""?\s+AS\s+(?<alias>""?\w+""?)", RegexOptions.CultureInvariant)]
    private static partial Regex Alias();
}
