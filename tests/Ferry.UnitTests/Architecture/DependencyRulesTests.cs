using System.Reflection;
using Ferry.Core.Jobs;
using Ferry.Data.Sqlite;
using Ferry.Server;
using Ferry.Server.Classic;

namespace Ferry.UnitTests.Architecture;

/// <summary>
/// The dependency rules of docs/architecture.md §1.1. Assembly rules read the compiled assembly references (every type a
/// project's IL or metadata uses lives in a referenced assembly). Folder rules inside Ferry.Server read each type's
/// signatures and IL through <see cref="TypeDependencies"/>.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly _core = typeof(JobService).Assembly;
    private static readonly Assembly _sqlite = typeof(SqliteJobStoreExtensions).Assembly;
    private static readonly Assembly _postgreSql = typeof(Ferry.Data.PostgreSql.PostgreSqlJobStoreExtensions).Assembly;
    private static readonly Assembly _server = typeof(FerryServer).Assembly;
    private static readonly Assembly _client = typeof(Ferry.Client.Classic.ClassicImportExportClient).Assembly;
    private static readonly Assembly _cli = typeof(Ferry.Cli.FerryCli).Assembly;

    /// <summary>
    /// The Cli folders that may use Server and Core: <c>serve</c> runs the server itself, <c>subscription</c> works on the
    /// data directory's database until the operator surface offers subscriptions, and <c>token</c> signs ARM tokens with the
    /// data directory's key exactly as the server does (Ferry.Server.Arm.ArmTokens). Every other command goes through Ferry.Client.
    /// </summary>
    private static readonly string[] _cliServerFolders = ["Ferry.Cli.Commands.Serve", "Ferry.Cli.Commands.Subscriptions", "Ferry.Cli.Commands.Db", "Ferry.Cli.Commands.Tokens"];

    /// <summary>The Cli folder of <c>ferry drive …</c>: local drive work and Blob service calls through Core, never the server.</summary>
    private const string CliDrivesFolder = "Ferry.Cli.Commands.Drives";

    /// <summary>The Core namespaces the drive commands may use.</summary>
    private static readonly string[] _cliDrivesCoreNamespaces = ["Ferry.Core.Drives", "Ferry.Core.Transfer"];

    /// <summary>Core types outside those namespaces the drive commands may use: the input of <see cref="Ferry.Core.Transfer.ExportSelectionResolver"/>.</summary>
    private static readonly Type[] _cliDrivesCoreTypes = [typeof(ExportSelection)];

    /// <summary>The surface folders of Ferry.Server: none may use another.</summary>
    private static readonly string[] _surfaces = ["Ferry.Server.Classic", "Ferry.Server.Arm", "Ferry.Server.Operator"];

    private static IEnumerable<string> ReferencedAssemblies(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!);

    private static bool InNamespace(Type type, string ns) =>
        type.Namespace is { } name && (name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> TopLevelTypesIn(string ns) =>
        _server.GetTypes().Where(t => !t.IsNested && InNamespace(t, ns));

    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Microsoft.EntityFrameworkCore.Sqlite")]
    [InlineData("Npgsql")]
    [InlineData("Ferry.Data")]
    [InlineData("Ferry.Server")]
    public void Ferry_Core_references_no_web_framework_database_driver_or_outer_project(string prefix) =>
        Assert.DoesNotContain(ReferencedAssemblies(_core), name => name.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public void Ferry_Core_uses_no_type_from_an_ASP_NET_Core_or_driver_assembly()
    {
        var offending = _core.GetTypes().Where(t => !t.IsNested)
            .SelectMany(t => TypeDependencies.Of(t).Select(d => (User: t, Used: d)))
            .Where(p => p.Used.Assembly.GetName().Name is { } name
                && (name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                    || name.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)
                    || name.StartsWith("Npgsql", StringComparison.Ordinal)))
            .Select(p => $"{p.User.FullName} uses {p.Used.FullName}")
            .ToList();
        Assert.Empty(offending);
    }

    [Theory]
    [InlineData("Ferry.Server")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.AspNetCore")]
    public void Ferry_Data_Sqlite_references_neither_the_server_nor_another_driver_nor_ASP_NET_Core(string prefix) =>
        Assert.DoesNotContain(ReferencedAssemblies(_sqlite), name => name.StartsWith(prefix, StringComparison.Ordinal));

    [Theory]
    [InlineData("Ferry.Server")]
    [InlineData("Ferry.Data.PostgreSql")]
    public void Ferry_Data_Sqlite_knows_neither_the_server_nor_the_other_provider(string prefix) =>
        Assert.DoesNotContain(ReferencedAssemblies(_sqlite), name => name.StartsWith(prefix, StringComparison.Ordinal));

    [Theory]
    [InlineData("Ferry.Server")]
    [InlineData("Ferry.Data.Sqlite")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Microsoft.AspNetCore.Http")]
    [InlineData("Microsoft.AspNetCore.Mvc")]
    public void Ferry_Data_PostgreSql_references_neither_the_server_nor_the_other_provider_nor_the_web_framework(string prefix) =>
        Assert.DoesNotContain(ReferencedAssemblies(_postgreSql), name => name.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public void Ferry_Data_PostgreSql_references_Ferry_Core_and_its_own_driver() =>
        Assert.Subset(ReferencedAssemblies(_postgreSql).ToHashSet(), new HashSet<string> { "Ferry.Core", "Npgsql" });

    [Fact]
    public void Ferry_Data_Sqlite_references_Ferry_Core_and_its_own_driver() =>
        Assert.Subset(ReferencedAssemblies(_sqlite).ToHashSet(), new HashSet<string> { "Ferry.Core", "Microsoft.Data.Sqlite" });

    public static TheoryData<string> Surfaces() => [.. _surfaces];

    [Theory]
    [MemberData(nameof(Surfaces))]
    public void A_server_surface_uses_no_other_surface_and_no_server_folder_but_Hosting(string surface)
    {
        var allowed = new[] { surface, "Ferry.Server.Hosting" };
        var offending = TopLevelTypesIn(surface)
            .SelectMany(t => TypeDependencies.Of(t).Select(d => (User: t, Used: d)))
            .Where(p => p.Used.Assembly == _server && InNamespace(p.Used, "Ferry.Server") && !allowed.Any(a => InNamespace(p.Used, a)))
            .Select(p => $"{p.User.FullName} uses {p.Used.FullName}")
            .Distinct()
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void The_classic_surface_exists_so_its_rule_checks_real_types() =>
        Assert.Contains(typeof(ClassicEndpoint), TopLevelTypesIn("Ferry.Server.Classic"));

    [Fact]
    public void The_dependency_reader_sees_uses_in_signatures() =>
        Assert.Contains(typeof(JobService), TypeDependencies.Of(typeof(ClassicEndpoint)));

    [Fact]
    public void The_dependency_reader_sees_uses_inside_method_bodies()
    {
        // ClassicExchange calls JobETag only inside Validators, never in a signature.
        Assert.DoesNotContain(typeof(ClassicExchange).GetMethods().SelectMany(m => m.GetParameters()), p => p.ParameterType == typeof(JobETag));
        Assert.Contains(typeof(JobETag), TypeDependencies.Of(typeof(ClassicExchange)));
    }

    [Fact]
    public void The_dependency_reader_sees_uses_inside_async_state_machines_and_lambdas() =>
        Assert.Contains(typeof(JobKey), TypeDependencies.Of(typeof(ClassicEndpoint)));

    [Fact]
    public void Ferry_Client_references_only_Azure_Core_and_the_framework() =>
        Assert.All(ReferencedAssemblies(_client), name => Assert.True(
            name is "Azure.Core" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal),
            $"Ferry.Client references {name}"));

    [Fact]
    public void Ferry_Cli_uses_Server_and_Core_only_in_the_serve_and_subscription_folders_and_Core_in_the_drive_folder()
    {
        var offending = _cli.GetTypes().Where(t => !t.IsNested && !_cliServerFolders.Any(f => InNamespace(t, f)) && !InNamespace(t, CliDrivesFolder))
            .SelectMany(t => TypeDependencies.Of(t).Select(d => (User: t, Used: d)))
            .Where(p => p.Used.Assembly == _server || p.Used.Assembly == _core || p.Used.Assembly == _sqlite)
            .Select(p => $"{p.User.FullName} uses {p.Used.FullName}")
            .Distinct()
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void The_Cli_drive_commands_use_only_the_Drives_and_Transfer_namespaces_of_Core_and_never_Server()
    {
        var offending = _cli.GetTypes().Where(t => !t.IsNested && InNamespace(t, CliDrivesFolder))
            .SelectMany(t => TypeDependencies.Of(t).Select(d => (User: t, Used: d)))
            .Where(p => p.Used.Assembly == _server || p.Used.Assembly == _sqlite
                || (p.Used.Assembly == _core && !_cliDrivesCoreNamespaces.Any(n => InNamespace(p.Used, n)) && !_cliDrivesCoreTypes.Contains(p.Used)))
            .Select(p => $"{p.User.FullName} uses {p.Used.FullName}")
            .Distinct()
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void The_Cli_drive_rule_sees_Core_in_the_drive_commands()
    {
        var used = TypeDependencies.Of(typeof(Ferry.Cli.Commands.Drives.DrivePrepareCommand));
        Assert.Contains(typeof(Ferry.Core.Drives.DrivePreparer), used);
        Assert.Contains(typeof(ExportSelection), TypeDependencies.Of(typeof(Ferry.Cli.Commands.Drives.DrivePreviewExportCommand)));
        Assert.Contains(typeof(Ferry.Core.Transfer.ExportSelectionResolver), TypeDependencies.Of(typeof(Ferry.Cli.Commands.Drives.DrivePreviewExportCommand)));
    }

    [Fact]
    public void The_Cli_rule_sees_the_client_in_API_commands_and_the_server_in_the_exempt_folder()
    {
        Assert.Contains(typeof(Ferry.Client.Classic.ClassicImportExportClient), TypeDependencies.Of(typeof(Ferry.Cli.Commands.Connection)));
        Assert.Contains(TypeDependencies.Of(typeof(Ferry.Cli.Commands.Subscriptions.SubscriptionCommands)), t => t.Assembly == _server);
    }
}
