using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Consoles;

namespace OvhIkvm.Tool.Tests.Configuration;

public sealed class ToolConfigurationTests
{
    private static readonly Dictionary<string, string?> FullEnvironment = new()
    {
        ["OVH_ENDPOINT"] = "ovh-ca",
        ["OVH_APPLICATION_KEY"] = "env-ak",
        ["OVH_APPLICATION_SECRET"] = "env-as",
        ["OVH_CONSUMER_KEY"] = "env-ck",
    };

    [Fact]
    public void Environment_variables_are_read_by_their_documented_names()
    {
        var configuration = Parse([], FullEnvironment);

        Assert.Equal("ovh-ca", configuration[ToolSettings.Endpoint]);
        Assert.Equal("env-ak", configuration[ToolSettings.ApplicationKey]);
        Assert.Equal("env-as", configuration[ToolSettings.ApplicationSecret]);
        Assert.Equal("env-ck", configuration[ToolSettings.ConsumerKey]);
    }

    [Fact]
    public void A_flag_wins_over_its_environment_variable()
    {
        var configuration = Parse(["--endpoint", "ovh-us", "--app-key", "flag-ak", "--consumer-key=flag-ck"], FullEnvironment);

        Assert.Equal("ovh-us", configuration[ToolSettings.Endpoint]);
        Assert.Equal("flag-ak", configuration[ToolSettings.ApplicationKey]);
        Assert.Equal("env-as", configuration[ToolSettings.ApplicationSecret]);
        Assert.Equal("flag-ck", configuration[ToolSettings.ConsumerKey]);
    }

    [Fact]
    public void Defaults_apply_when_nothing_is_set_and_blank_values_count_as_unset()
    {
        var configuration = Parse([], new Dictionary<string, string?> { ["OVH_ENDPOINT"] = "  ", ["OVH_CONSUMER_KEY"] = "" });

        Assert.Equal("ovh-eu", configuration[ToolSettings.Endpoint]);
        Assert.False(configuration.IsSet(ToolSettings.ConsumerKey));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, configuration.MinimumLogLevel);
    }

    [Fact]
    public void Log_level_is_read_case_insensitively()
    {
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, Parse(["--log-level", "debug"], []).MinimumLogLevel);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, Parse([], new() { ["OVH_IKVM_LOG_LEVEL"] = "WARNING" }).MinimumLogLevel);
    }

    [Fact]
    public void An_unknown_option_is_a_parse_error_that_names_it()
    {
        var commandLine = new ToolCommandLine((_, _) => Task.FromResult(0), new Dictionary<string, string?>());

        var result = commandLine.Root.Parse(["--app-kye", "x"]);

        Assert.Contains(result.Errors, e => e.Message.Contains("--app-kye", StringComparison.Ordinal));
    }

    [Fact]
    public void The_missing_credential_advice_names_exactly_the_missing_variables_and_flags()
    {
        var advice = OvhProviderRegistration.MissingCredentialsAdvice([ToolSettings.ApplicationSecret, ToolSettings.ConsumerKey]);

        Assert.Contains("OVH_APPLICATION_SECRET and OVH_CONSUMER_KEY", advice, StringComparison.Ordinal);
        Assert.Contains("--app-secret and --consumer-key", advice, StringComparison.Ordinal);
        Assert.DoesNotContain("OVH_APPLICATION_KEY", advice, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_has_a_distinct_variable_and_flag()
    {
        Assert.Equal(ToolSettings.All.Count, ToolSettings.All.Select(s => s.EnvironmentVariable).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ToolSettings.All.Count, ToolSettings.All.Select(s => s.Flag).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ToolSettings.All, s => Assert.StartsWith("--", s.Flag, StringComparison.Ordinal));
    }

    private static ToolConfiguration Parse(string[] args, Dictionary<string, string?> environment)
    {
        var commandLine = new ToolCommandLine((_, _) => Task.FromResult(0), environment);
        var result = commandLine.Root.Parse(args);
        Assert.Empty(result.Errors);
        return commandLine.Configuration(result, environment);
    }
}
