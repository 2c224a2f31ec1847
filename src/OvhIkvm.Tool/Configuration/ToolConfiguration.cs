using System.Collections;
using Microsoft.Extensions.Logging;
using OvhIkvm.Ovh;

namespace OvhIkvm.Tool.Configuration;

/// <summary>
/// The settings in force: a command-line flag wins over its environment variable, which wins over the default.
/// Blank values count as unset, so an MCP client config with <c>"OVH_CONSUMER_KEY": ""</c> reads as missing.
/// </summary>
internal sealed class ToolConfiguration
{
    private readonly IReadOnlyDictionary<ToolSetting, string> _values;

    private ToolConfiguration(
        IReadOnlyDictionary<ToolSetting, string> values,
        IReadOnlyDictionary<string, string?> environment,
        LogLevel minimumLogLevel,
        string? usageProblem,
        OvhOptions? demoAccount = null)
    {
        _values = values;
        Environment = environment;
        MinimumLogLevel = minimumLogLevel;
        UsageProblem = usageProblem;
        DemoAccount = demoAccount;
    }

    /// <summary>The simulated OVH account of the demo fleet, used instead of the configured credentials; null otherwise.</summary>
    public OvhOptions? DemoAccount { get; }

    /// <summary>The same settings, with OVH played by the demo fleet's simulators.</summary>
    public ToolConfiguration WithDemoAccount(OvhOptions account) => new(_values, Environment, MinimumLogLevel, UsageProblem, account);

    /// <summary>The environment the settings were read from (a targets file may name variables that hold passwords).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public static ToolConfiguration Resolve(
        IReadOnlyDictionary<ToolSetting, string?> flags,
        IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<ToolSetting, string>();
        var sources = new Dictionary<ToolSetting, string>();
        foreach (var setting in ToolSettings.All)
        {
            if (NonBlank(flags.GetValueOrDefault(setting)) is { } flag)
            {
                (values[setting], sources[setting]) = (flag, setting.Flag);
            }
            else if (NonBlank(environment.GetValueOrDefault(setting.EnvironmentVariable)) is { } variable)
            {
                (values[setting], sources[setting]) = (variable, setting.EnvironmentVariable);
            }
            else if (setting.DefaultValue is { } defaultValue)
            {
                values[setting] = defaultValue;
            }
        }

        string? problem = null;
        if (!LogLevelNames.TryParse(values[ToolSettings.LogLevel], out var level))
        {
            problem = LogLevelNames.Problem(sources[ToolSettings.LogLevel], values[ToolSettings.LogLevel]);
        }

        foreach (var setting in ToolSettings.All.Where(s => s.IsSwitch && values.ContainsKey(s)))
        {
            if (!SwitchValues.TryParse(values[setting], out _))
            {
                problem ??= SwitchValues.Problem(sources[setting], values[setting]);
            }
        }

        return new ToolConfiguration(values, environment, level, problem);
    }

    /// <summary>The current process environment, read once.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string;
        }

        return environment;
    }

    public string? this[ToolSetting setting] => _values.GetValueOrDefault(setting);

    public bool IsSet(ToolSetting setting) => _values.ContainsKey(setting);

    /// <summary>Whether a switch (<see cref="ToolSetting.IsSwitch"/>) is on; off when unset or invalid (see <see cref="UsageProblem"/>).</summary>
    public bool IsOn(ToolSetting setting) =>
        _values.TryGetValue(setting, out var value) && SwitchValues.TryParse(value, out var on) && on;

    /// <summary>The log level on stderr; when the configured one is invalid (see <see cref="UsageProblem"/>), the default.</summary>
    public LogLevel MinimumLogLevel { get; }

    /// <summary>
    /// A setting the tool cannot run with, in one sentence naming the flag or variable and the accepted values; null
    /// when all is well. Every command refuses to start on it rather than run with a setting the user did not ask for.
    /// </summary>
    public string? UsageProblem { get; }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
