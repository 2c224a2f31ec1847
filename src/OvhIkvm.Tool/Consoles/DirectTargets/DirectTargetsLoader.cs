using System.Text.Json;
using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>
/// Reads and validates the targets file. Every problem is reported with the file, the entry and what to change,
/// because the user fixes this file by hand.
/// </summary>
internal static class DirectTargetsLoader
{
    public const string ProviderName = "direct";
    private const long MaxFileBytes = 1024 * 1024;

    public static IReadOnlyList<DirectTarget> Load(string path, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw Invalid(path, "the file does not exist");
        }

        if (info.Length > MaxFileBytes)
        {
            throw Invalid(path, $"the file is larger than {MaxFileBytes / 1024} KiB");
        }

        DirectTargetsFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllBytes(path), DirectTargetsJsonContext.Default.DirectTargetsFile);
        }
        catch (JsonException ex)
        {
            throw Invalid(path, $"it is not valid JSON of the expected shape ({ex.Message})");
        }

        if (file is null)
        {
            throw Invalid(path, "it must be an object with a \"targets\" array");
        }

        var targets = new List<DirectTarget>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < file.Targets.Count; i++)
        {
            var target = Validate(path, i, file.Targets[i], environment);
            if (!ids.Add(target.Server.Id))
            {
                throw Invalid(path, $"target #{i + 1}: the id '{target.Server.Id}' is used twice");
            }

            targets.Add(target);
        }

        return targets;
    }

    private static DirectTarget Validate(string path, int index, DirectTargetDefinition definition, IReadOnlyDictionary<string, string?> environment)
    {
        var where = $"target #{index + 1}";
        if (string.IsNullOrWhiteSpace(definition.Id) || definition.Id.Length > 255 || definition.Id.Any(char.IsControl))
        {
            throw Invalid(path, $"{where}: \"id\" is required (the server id used by get_screenshot)");
        }

        where = $"target '{definition.Id}'";
        if (!Uri.TryCreate(definition.Url, UriKind.Absolute, out var url))
        {
            throw Invalid(path, $"{where}: \"url\" must be an absolute URL");
        }

        if (definition.Password is not null && definition.PasswordEnv is not null)
        {
            throw Invalid(path, $"{where}: give \"password\" or \"passwordEnv\", not both");
        }

        var password = definition.Password;
        if (definition.PasswordEnv is { } variable)
        {
            password = environment.GetValueOrDefault(variable);
            if (string.IsNullOrEmpty(password))
            {
                throw Invalid(path, $"{where}: the environment variable {variable} named by \"passwordEnv\" is not set");
            }
        }

        ConsoleEndpoint endpoint = definition.Type?.ToLowerInvariant() switch
        {
            "vnc" when url.Scheme is "ws" or "wss" or "vnc" => new VncEndpoint(url, password is null ? null : new Secret(password)),
            "vnc" => throw Invalid(path, $"{where}: a VNC url starts with ws://, wss:// or vnc://"),
            "ami" when url.Scheme is "https" or "http" => new AmiBmcEndpoint(
                url,
                string.IsNullOrWhiteSpace(definition.Username) ? throw Invalid(path, $"{where}: an AMI BMC needs \"username\"") : definition.Username,
                password is null ? throw Invalid(path, $"{where}: an AMI BMC needs \"password\" or \"passwordEnv\"") : new Secret(password),
                definition.AcceptSelfSignedCertificate),
            "ami" => throw Invalid(path, $"{where}: an AMI BMC url starts with https:// (or http://)"),
            _ => throw Invalid(path, $"{where}: \"type\" must be \"vnc\" or \"ami\""),
        };

        var server = new ConsoleServer(definition.Id, definition.Name ?? definition.Id, ProviderName, Datacenter: null, Ip: url.Host, ConsoleAvailable: true);
        return new DirectTarget(server, endpoint);
    }

    private static ConsoleConfigurationException Invalid(string path, string problem) =>
        new($"The targets file {path} is invalid: {problem}.");
}
