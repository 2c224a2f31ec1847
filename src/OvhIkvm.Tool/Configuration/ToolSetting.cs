namespace OvhIkvm.Tool.Configuration;

/// <summary>One user-facing setting: the environment variable an MCP client config sets, and the flag a terminal user types.</summary>
/// <param name="EnvironmentVariable">The variable name (compatible with the TypeScript ovh-ikvm-mcp where it had one).</param>
/// <param name="Flag">The command-line flag; a flag wins over the variable.</param>
/// <param name="Description">One line for --help, the README and .mcp/server.json.</param>
/// <param name="IsSecret">Secrets are never logged, echoed or shown in errors.</param>
/// <param name="DefaultValue">Used when neither the flag nor the variable is set.</param>
/// <param name="IsSwitch">The flag takes no value (present means "true"); the variable holds true or false.</param>
internal sealed record ToolSetting(
    string EnvironmentVariable,
    string Flag,
    string Description,
    bool IsSecret = false,
    string? DefaultValue = null,
    bool IsSwitch = false);
