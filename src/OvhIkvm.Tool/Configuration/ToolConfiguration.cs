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

    private ToolConfiguration(IReadOnlyDictionary<ToolSetting, string> values, IReadOnlyDictionary<string, string?> environment, OvhOptions? demoAccount = null)
    {
        _values = values;
        Environment = environment;
        DemoAccount = demoAccount;
    }

    /// <summary>The simulated OVH account of the demo fleet, used instead of the configured credentials; null otherwise.</summary>
    public OvhOptions? DemoAccount { get; }

    /// <summary>The same settings, with OVH played by the demo fleet's simulators.</summary>
    public ToolConfiguration WithDemoAccount(OvhOptions account) => new(_values, Environment, account);

    /// <summary>The environment the settings were read from (a targets file may name variables that hold passwords).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public static ToolConfiguration Resolve(
        IReadOnlyDictionary<ToolSetting, string?> flags,
        IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<ToolSetting, string>();
        foreach (var setting in ToolSettings.All)
        {
            var value = NonBlank(flags.GetValueOrDefault(setting))
                ?? NonBlank(environment.GetValueOrDefault(setting.EnvironmentVariable))
                ?? setting.DefaultValue;
            if (value is not null)
            {
                values[setting] = value;
            }
        }

        return new ToolConfiguration(values, environment);
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

    public LogLevel MinimumLogLevel =>
        Enum.TryParse<LogLevel>(this[ToolSettings.LogLevel], ignoreCase: true, out var level) ? level : Microsoft.Extensions.Logging.LogLevel.Information;

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
