using System.ComponentModel.DataAnnotations;
using Ferry.Core.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ferry.UnitTests.Core.Webhooks;

/// <summary><see cref="WebhookOptions"/>: the back-off schedule of docs/operator-api.md §3, validation and binding.</summary>
public sealed class WebhookOptionsTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 30)]
    [InlineData(3, 120)]
    [InlineData(4, 600)]
    [InlineData(5, 1800)]
    [InlineData(6, 3600)]
    [InlineData(7, 3600)]
    [InlineData(11, 3600)]
    public void The_default_back_off_is_5s_30s_2min_10min_30min_then_hourly(int failedAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new WebhookOptions().RetryDelay(failedAttempts));

    [Fact]
    public void The_defaults_allow_12_attempts_of_10_seconds_each_at_most_10_webhooks()
    {
        var options = new WebhookOptions();

        Assert.Equal(12, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.Equal(10, options.MaxPerSubscription);
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void A_configured_schedule_replaces_the_default_one_instead_of_extending_it()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Ferry:Webhooks:RetryDelays:0"] = "00:00:01",
            ["Ferry:Webhooks:RetryDelays:1"] = "00:00:02",
        });

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], options.RetryDelays);
        Assert.Equal(TimeSpan.FromSeconds(2), options.RetryDelay(5));
    }

    [Fact]
    public void Without_configuration_the_default_schedule_applies()
    {
        var options = Bind([]);

        Assert.Equal(WebhookOptions.DefaultRetryDelays, [.. Enumerable.Range(1, 6).Select(options.RetryDelay)]);
        Assert.Equal(TimeSpan.FromHours(1), options.RetryDelay(12));
    }

    [Theory]
    [InlineData("Timeout", "00:00:00")]
    [InlineData("Timeout", "00:06:00")]
    [InlineData("PollInterval", "00:00:00")]
    [InlineData("MaxAttempts", "0")]
    [InlineData("MaxPerSubscription", "0")]
    [InlineData("RetryDelays:0", "-00:00:01")]
    [InlineData("AllowedHosts:0", "10.1.2.3/8")]
    [InlineData("AllowedHosts:0", "10.0.0.0/33")]
    [InlineData("AllowedHosts:0", "not a host")]
    [InlineData("AllowedHosts:0", "https://hooks.example.com/")]
    [InlineData("AllowedHosts:0", " ")]
    public void Out_of_range_settings_fail_validation(string setting, string value)
    {
        using var services = Services(new Dictionary<string, string?> { ["Ferry:Webhooks:" + setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WebhookOptions>>().Value);

        Assert.Contains(setting.Split(':')[0], string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void By_default_no_private_network_is_allowed_and_a_list_of_names_addresses_and_ranges_binds()
    {
        Assert.False(new WebhookOptions().AllowPrivateNetworks);
        Assert.Empty(new WebhookOptions().AllowedHosts);

        var options = Bind(new Dictionary<string, string?>
        {
            ["Ferry:Webhooks:AllowPrivateNetworks"] = "true",
            ["Ferry:Webhooks:AllowedHosts:0"] = "hooks.internal",
            ["Ferry:Webhooks:AllowedHosts:1"] = "10.20.0.0/16",
            ["Ferry:Webhooks:AllowedHosts:2"] = "::1",
        });

        Assert.True(options.AllowPrivateNetworks);
        Assert.Equal(["hooks.internal", "10.20.0.0/16", "::1"], options.AllowedHosts);
    }

    private static List<ValidationResult> Validate(WebhookOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static WebhookOptions Bind(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        return services.GetRequiredService<IOptions<WebhookOptions>>().Value;
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations();
        return services.BuildServiceProvider();
    }
}
