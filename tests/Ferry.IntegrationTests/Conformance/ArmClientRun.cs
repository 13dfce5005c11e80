using System.Text.Json.Nodes;

namespace Ferry.IntegrationTests.Conformance;

/// <summary>
/// The steps one run of <c>js/arm-client.js</c> or <c>python/arm_sdk.py</c> printed: each <c>{"name","ok","value"}</c>, or
/// <c>{"name","ok":false,"statusCode","code","message","stack"}</c> when the client threw.
/// </summary>
public sealed class ArmClientRun(string scenario, JsonArray steps, string stderr)
{
    /// <summary>Asserts that step <paramref name="name"/> succeeded; returns the value it printed.</summary>
    public JsonNode? Ok(string name)
    {
        var step = Step(name);
        Assert.True(step["ok"]!.GetValue<bool>(), $"Step '{name}' of '{scenario}' failed: {step["statusCode"]} {step["code"]} {step["message"]}\n{step["stack"]}\nStderr:\n{stderr}");
        return step["value"];
    }

    /// <summary>Asserts that step <paramref name="name"/> succeeded and printed a JSON object; returns it.</summary>
    public JsonObject OkObject(string name) =>
        Assert.IsType<JsonObject>(Ok(name), exactMatch: false);

    /// <summary>Asserts that step <paramref name="name"/> printed a list of strings; returns them.</summary>
    public IReadOnlyList<string> OkStrings(string name) =>
        [.. Assert.IsType<JsonArray>(Ok(name), exactMatch: false).Select(n => n!.GetValue<string>())];

    /// <summary>Asserts that the client threw (JS <c>RestError</c>, Python <c>HttpResponseError</c>) with <paramref name="status"/> and <paramref name="code"/> in step <paramref name="name"/>; returns its message.</summary>
    public string Failed(string name, int status, string code)
    {
        var step = Step(name);
        var summary = step.ToJsonString();
        Assert.False(step["ok"]!.GetValue<bool>(), $"Step '{name}' of '{scenario}' succeeded; expected {status} {code}: {summary}");
        Assert.True(step["statusCode"]?.GetValue<int>() == status, $"Step '{name}' of '{scenario}': expected status {status}: {summary}");
        Assert.True(step["code"]?.GetValue<string>() == code, $"Step '{name}' of '{scenario}': expected code {code}: {summary}");
        return step["message"]!.GetValue<string>();
    }

    /// <summary>True when the run has a step named <paramref name="name"/>.</summary>
    public bool Has(string name) => steps.OfType<JsonObject>().Any(s => s["name"]!.GetValue<string>() == name);

    private JsonObject Step(string name) =>
        steps.OfType<JsonObject>().SingleOrDefault(s => s["name"]!.GetValue<string>() == name)
        ?? throw new InvalidOperationException($"The run of '{scenario}' has no step '{name}'.");
}
