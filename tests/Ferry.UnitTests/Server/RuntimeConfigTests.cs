using System.Text.Json;

namespace Ferry.UnitTests.Server;

/// <summary>
/// Both ways of starting the server run the same GC (docs/decisions.md D53): <c>dotnet Ferry.Server.dll</c> and
/// <c>ferry serve</c>, which hosts the server in the CLI's own process and so reads <c>ferry.runtimeconfig.json</c>.
/// The build copies both files next to this assembly.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData("Ferry.Server.runtimeconfig.json")]
    [InlineData("ferry.runtimeconfig.json")]
    public void TheServerRunsConcurrentWorkstationGc(string file)
    {
        var properties = GcProperties(file);

        Assert.True(properties.TryGetValue("System.GC.Server", out var server), $"{file} sets no System.GC.Server.");
        Assert.Equal("False", server);
        Assert.True(properties.TryGetValue("System.GC.Concurrent", out var concurrent), $"{file} sets no System.GC.Concurrent.");
        Assert.Equal("True", concurrent);
        Assert.False(properties.ContainsKey("System.GC.DynamicAdaptationMode"), $"{file} still sets DATAS, which only Server GC uses.");
    }

    [Fact]
    public void FerryServeAndTheServerAssemblyHaveTheSameGcSettings() =>
        Assert.Equal(GcProperties("Ferry.Server.runtimeconfig.json"), GcProperties("ferry.runtimeconfig.json"));

    private static SortedDictionary<string, string> GcProperties(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        return new SortedDictionary<string, string>(
            properties.EnumerateObject()
                .Where(p => p.Name.StartsWith("System.GC.", StringComparison.Ordinal))
                .ToDictionary(p => p.Name, p => p.Value.ToString()),
            StringComparer.Ordinal);
    }
}
