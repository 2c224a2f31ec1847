namespace OvhIkvm.Consoles;

/// <summary>The tool is missing configuration (credentials, a targets file, ...) needed for the request.</summary>
public sealed class ConsoleConfigurationException(string message) : ConsoleException(message);
