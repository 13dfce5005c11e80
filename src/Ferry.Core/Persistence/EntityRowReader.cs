using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Ferry.Core.Persistence;

/// <summary>
/// Turns a row into a <typeparamref name="T"/> the way EF Core's model says: every mapped property of the entity (shadow
/// properties left out), its column by the model's name, its value through the model's converter (enums, the UTC ticks
/// of every timestamp, the JSON columns). Built once from the model, so a column added to the model is read here too;
/// the reader is one compiled delegate, with no per-row reflection (docs/architecture.md §11.9).
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class EntityRowReader<T>
    where T : class, new()
{
    private static readonly MethodInfo _getFieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue), [typeof(int)])!;
    private static readonly MethodInfo _isDbNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)])!;

    private readonly Func<DbDataReader, T> _read;

    /// <summary>The columns to select, in the order the reader expects them (starting at its first ordinal).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The ordinal of the primary key's column: null there means no row (the outer side of a join).</summary>
    public int KeyOrdinal { get; }

    /// <summary>The reader of <typeparamref name="T"/> in <paramref name="model"/>, its columns from <paramref name="firstOrdinal"/> on.</summary>
    public EntityRowReader(IModel model, int firstOrdinal = 0)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Create(entity, StoreObjectType.Table) ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        var row = Expression.Variable(typeof(T), "row");
        var body = new List<Expression> { Expression.Assign(row, Expression.New(typeof(T))) };
        var columns = new List<string>();
        var key = entity.FindPrimaryKey()?.Properties.Single() ?? throw new InvalidOperationException($"{typeof(T).Name} has no single-column key.");
        var keyOrdinal = -1;
        foreach (var property in entity.GetProperties())
        {
            if (property.IsShadowProperty() || property.PropertyInfo is not { } clrProperty)
            {
                continue;
            }

            var ordinal = firstOrdinal + columns.Count;
            columns.Add(property.GetColumnName(table) ?? throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} has no column."));
            if (property == key)
            {
                keyOrdinal = ordinal;
            }

            body.Add(Expression.Assign(Expression.Property(row, clrProperty), ValueOf(property, reader, ordinal)));
        }

        body.Add(row);
        _read = Expression.Lambda<Func<DbDataReader, T>>(Expression.Block([row], body), reader).Compile();
        Columns = [.. columns];
        KeyOrdinal = keyOrdinal;
    }

    /// <summary>Reads the row the reader is on.</summary>
    public T Read(DbDataReader reader) => _read(reader);

    private static ConditionalExpression ValueOf(IProperty property, ParameterExpression reader, int ordinal)
    {
        var converter = property.GetTypeMapping().Converter;
        var providerType = converter?.ProviderClrType ?? property.ClrType;
        var readType = Nullable.GetUnderlyingType(providerType) ?? providerType;
        Expression value = Expression.Call(reader, _getFieldValue.MakeGenericMethod(readType), Expression.Constant(ordinal));
        if (converter is not null)
        {
            var fromProvider = converter.ConvertFromProviderExpression;
            value = Expression.Invoke(fromProvider, Convert(value, fromProvider.Parameters[0].Type));
        }

        // A null column is the property's default, as EF Core leaves it: converters never see a null.
        return Expression.Condition(
            Expression.Call(reader, _isDbNull, Expression.Constant(ordinal)),
            Expression.Default(property.ClrType),
            Convert(value, property.ClrType));
    }

    private static Expression Convert(Expression value, Type type) => value.Type == type ? value : Expression.Convert(value, type);
}
