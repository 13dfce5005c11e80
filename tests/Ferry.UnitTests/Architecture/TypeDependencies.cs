using System.Reflection;
using System.Reflection.Emit;

namespace Ferry.UnitTests.Architecture;

/// <summary>
/// The types one type uses: its signatures (base type, interfaces, fields, properties, events, method parameters and
/// returns, generic arguments, attributes) and its method bodies (every type, method and field token in the IL).
/// Nested and compiler-generated types (lambdas, async state machines) belong to the type that contains them.
/// </summary>
internal static class TypeDependencies
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> _opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every type <paramref name="type"/> (with its nested types) refers to, generic arguments unwrapped.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        foreach (var member in SelfAndNested(type))
        {
            Collect(member, found);
        }

        return found;
    }

    private static IEnumerable<Type> SelfAndNested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(All).SelectMany(SelfAndNested));

    private static void Collect(Type type, HashSet<Type> found)
    {
        Add(type.BaseType, found);
        foreach (var implemented in type.GetInterfaces())
        {
            Add(implemented, found);
        }

        Attributes(type.CustomAttributes, found);
        foreach (var field in type.GetFields(All))
        {
            Add(field.FieldType, found);
            Attributes(field.CustomAttributes, found);
        }

        foreach (var property in type.GetProperties(All))
        {
            Add(property.PropertyType, found);
        }

        foreach (var @event in type.GetEvents(All))
        {
            Add(@event.EventHandlerType, found);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType, found);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType, found);
            }

            Attributes(method.CustomAttributes, found);
            Body(method, found);
        }
    }

    private static void Body(MethodBase method, HashSet<Type> found)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Add(local.LocalType, found);
        }

        var il = body.GetILAsByteArray() ?? [];
        var module = method.Module;
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            var value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            position += il[position] == 0xFE ? 2 : 1;
            var opCode = _opCodes[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = module.ResolveMember(BitConverter.ToInt32(il, position), typeArguments, methodArguments);
                    switch (member)
                    {
                        case Type referenced:
                            Add(referenced, found);
                            break;
                        case FieldInfo field:
                            Add(field.DeclaringType, found);
                            Add(field.FieldType, found);
                            break;
                        case MethodBase called:
                            Add(called.DeclaringType, found);
                            if (called is MethodInfo calledInfo)
                            {
                                Add(calledInfo.ReturnType, found);
                                foreach (var argument in calledInfo.IsGenericMethod ? calledInfo.GetGenericArguments() : [])
                                {
                                    Add(argument, found);
                                }
                            }

                            break;
                    }

                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                default:
                    position += OperandSize(opCode.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private static void Attributes(IEnumerable<CustomAttributeData> attributes, HashSet<Type> found)
    {
        foreach (var attribute in attributes)
        {
            Add(attribute.AttributeType, found);
        }
    }

    private static void Add(Type? type, HashSet<Type> found)
    {
        while (type is not null && (type.HasElementType || type.IsByRef || type.IsPointer))
        {
            type = type.GetElementType();
        }

        if (type is null || type.IsGenericParameter || !found.Add(type))
        {
            return;
        }

        if (type.IsGenericType)
        {
            Add(type.GetGenericTypeDefinition(), found);
            foreach (var argument in type.GetGenericArguments())
            {
                Add(argument, found);
            }
        }
    }
}
