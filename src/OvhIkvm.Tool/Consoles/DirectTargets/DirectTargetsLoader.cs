using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>
/// Reads and validates the targets file. Every problem is reported with the file, the entry and what to change,
/// because the user fixes this file by hand. A mistake in the file rejects the file; a password variable missing from
/// this process's environment only makes its own target unusable (listed, with the reason), since another process,
/// or the same file on another machine, may well have it.
/// </summary>
internal static class DirectTargetsLoader
{
    public const string ProviderName = "direct";

    /// <summary>As for any server id (see the console directory): long enough for any host name.</summary>
    public const int MaxIdLength = 255;

    /// <summary>A label shown in a table, not a description.</summary>
    public const int MaxNameLength = 200;

    public static IReadOnlyList<DirectTarget> Load(string path, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(environment);
        var content = TargetsFileReader.Read(path, out var problem) ?? throw Invalid(path, problem ?? "it could not be read");
        var targets = new List<DirectTarget>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in DirectTargetsDocument.Parse(path, content))
        {
            var target = Validate(path, definition, environment);
            if (!ids.Add(target.Server.Id))
            {
                throw Invalid(path, $"target #{definition.Number}: the id '{target.Server.Id}' is used twice");
            }

            targets.Add(target);
        }

        return targets;
    }

    internal static ConsoleConfigurationException Invalid(string path, string problem) =>
        new($"The targets file {UntrustedText.Printable(path, 1024)} is invalid: {problem}.");

    private static DirectTarget Validate(string path, DirectTargetDefinition definition, IReadOnlyDictionary<string, string?> environment)
    {
        var id = ValidId(path, definition);
        var where = $"target '{id}'";
        if (definition.Name is { } name && (name.Length > MaxNameLength || !UntrustedText.IsPrintable(name)))
        {
            throw Invalid(path, name.Length > MaxNameLength
                ? $"{where}: \"name\" is {name.Length} characters long, more than the {MaxNameLength} a label needs"
                : $"{where}: \"name\" contains a control or formatting character ('{UntrustedText.Printable(name)}'), which could forge or reorder what is shown; remove it");
        }

        if (!Uri.TryCreate(definition.Url, UriKind.Absolute, out var url))
        {
            throw Invalid(path, $"{where}: \"url\" must be an absolute URL");
        }

        if (url.UserInfo.Length > 0)
        {
            // A password in the URL would be shown wherever the URL is, and sent wherever a redirect points.
            throw Invalid(path, $"{where}: \"url\" must not carry a user or password (user:password@); use \"username\" and \"passwordEnv\"");
        }

        var password = Password(path, where, definition, environment, out var unavailable);
        ConsoleEndpoint endpoint = definition.Type?.ToLowerInvariant() switch
        {
            "vnc" => Vnc(path, where, definition, url, password),
            "ami" => Ami(path, where, definition, url, password),
            _ => throw Invalid(path, $"{where}: \"type\" must be \"vnc\" or \"ami\""),
        };

        var server = new ConsoleServer(id, definition.Name ?? id, ProviderName, Datacenter: null, Ip: url.Host, ConsoleAvailable: unavailable is null)
        {
            Problem = unavailable,
        };

        // The endpoint was built only to check the entry; without its real password it is never handed out.
        return new DirectTarget(server, unavailable is null ? endpoint : null, PasswordInFile: definition.Password is not null);
    }

    /// <summary>The id is what get_screenshot takes and what every message quotes: plain ASCII, so it can neither lie nor break a line.</summary>
    private static string ValidId(string path, DirectTargetDefinition definition)
    {
        var where = $"target #{definition.Number}";
        var id = definition.Id;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw Invalid(path, $"{where}: \"id\" is required (the server id used by get_screenshot)");
        }

        if (id.Length > MaxIdLength)
        {
            throw Invalid(path, $"{where}: \"id\" is {id.Length} characters long; at most {MaxIdLength}");
        }

        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw Invalid(path, $"{where}: \"id\" '{UntrustedText.Printable(id, 64)}' may contain only ASCII letters, digits, '.', '-' and '_'");
        }

        return id;
    }

    /// <summary>The password; when its variable is unset or empty, a stand-in and the reason in <paramref name="unavailable"/>.</summary>
    private static Secret? Password(
        string path,
        string where,
        DirectTargetDefinition definition,
        IReadOnlyDictionary<string, string?> environment,
        out string? unavailable)
    {
        unavailable = null;
        if (definition.Password is not null && definition.PasswordEnv is not null)
        {
            throw Invalid(path, $"{where}: give \"password\" or \"passwordEnv\", not both");
        }

        if (definition.Password is { Length: 0 })
        {
            throw Invalid(path, $"{where}: \"password\" is empty; leave it out for a server without a password");
        }

        if (definition.PasswordEnv is not { } variable)
        {
            return definition.Password is { } password ? new Secret(password) : null;
        }

        var shown = UntrustedText.Printable(variable, 64);
        var value = environment.GetValueOrDefault(variable);
        if (!string.IsNullOrEmpty(value))
        {
            return new Secret(value);
        }

        unavailable = $"the environment variable {shown} named by \"passwordEnv\" is {(value is null ? "not set" : "set but empty")} in this process; " +
            "set it where this tool runs (e.g. in the MCP client's env block)";
        return new Secret("unset");
    }

    private static VncEndpoint Vnc(string path, string where, DirectTargetDefinition definition, Uri url, Secret? password)
    {
        if (url.Scheme is not ("ws" or "wss" or "vnc"))
        {
            throw Invalid(path, $"{where}: a VNC url starts with ws://, wss:// or vnc://");
        }

        if (definition.AcceptSelfSignedCertificate || definition.AllowInsecureHttp)
        {
            throw Invalid(
                path,
                $"{where}: \"acceptSelfSignedCertificate\" and \"allowInsecureHttp\" apply to \"ami\" targets only; a wss:// VNC server's own certificate is pinned with \"certificateSha256\"");
        }

        return new VncEndpoint(url, password, Pin(path, where, definition, url, "wss", "the VNC server's"));
    }

    private static AmiBmcEndpoint Ami(string path, string where, DirectTargetDefinition definition, Uri url, Secret? password)
    {
        if (url.Scheme == Uri.UriSchemeHttp && !definition.AllowInsecureHttp)
        {
            throw Invalid(
                path,
                $"{where}: an AMI BMC url must start with https://, since over http:// the BMC password would travel in clear; " +
                "if this BMC only speaks http on a network you trust, add \"allowInsecureHttp\": true");
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid(path, $"{where}: an AMI BMC url starts with https://");
        }

        if (string.IsNullOrWhiteSpace(definition.Username))
        {
            throw Invalid(path, $"{where}: an AMI BMC needs \"username\"");
        }

        if (password is null)
        {
            throw Invalid(path, $"{where}: an AMI BMC needs \"password\" or \"passwordEnv\"");
        }

        return new AmiBmcEndpoint(
            url, definition.Username, password, definition.AcceptSelfSignedCertificate, Pin(path, where, definition, url, Uri.UriSchemeHttps, "the BMC's"), definition.AllowInsecureHttp);
    }

    /// <summary>The pinned certificate, valid only on <paramref name="tlsScheme"/>, the scheme of this kind of target that has a certificate; <paramref name="whose"/> names it in messages.</summary>
    private static CertificateFingerprint? Pin(string path, string where, DirectTargetDefinition definition, Uri url, string tlsScheme, string whose)
    {
        if (definition.CertificateSha256 is not { } text)
        {
            return null;
        }

        if (url.Scheme != tlsScheme)
        {
            throw Invalid(path, $"{where}: \"certificateSha256\" needs a url starting with {tlsScheme}://, since only TLS presents a certificate");
        }

        if (definition.AcceptSelfSignedCertificate)
        {
            throw Invalid(path, $"{where}: give \"certificateSha256\" or \"acceptSelfSignedCertificate\", not both (the pin already accepts that one self-signed certificate)");
        }

        return CertificateFingerprint.TryParse(text, out var pin)
            ? pin
            : throw Invalid(
                path,
                $"{where}: \"certificateSha256\" must be the SHA-256 fingerprint of {whose} certificate, 64 hexadecimal digits, " +
                "plain or in colon-separated pairs (`ovh-ikvm-mcp doctor` prints the one presented)");
    }
}
