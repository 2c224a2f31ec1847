namespace OvhIkvm.Tool.Configuration;

/// <summary>
/// Every setting the tool reads. This table drives the command-line options, the environment lookup, --help,
/// and the "missing credentials" message, so the names cannot drift apart.
/// </summary>
internal static class ToolSettings
{
    public static readonly ToolSetting Endpoint = new(
        "OVH_ENDPOINT",
        "--endpoint",
        "OVH API endpoint: ovh-eu, ovh-ca, ovh-us, kimsufi-eu, kimsufi-ca, soyoustart-eu, soyoustart-ca (aliases eu, ca, us).",
        DefaultValue: "ovh-eu");

    public static readonly ToolSetting ApplicationKey = new(
        "OVH_APPLICATION_KEY",
        "--app-key",
        "OVH application key.");

    public static readonly ToolSetting ApplicationSecret = new(
        "OVH_APPLICATION_SECRET",
        "--app-secret",
        "OVH application secret (prefer the environment variable: flags are visible in the process list).",
        IsSecret: true);

    public static readonly ToolSetting ConsumerKey = new(
        "OVH_CONSUMER_KEY",
        "--consumer-key",
        "OVH consumer key (prefer the environment variable: flags are visible in the process list).",
        IsSecret: true);

    public static readonly ToolSetting AllowedIp = new(
        "OVH_IKVM_ALLOWED_IP",
        "--allowed-ip",
        "Public IPv4 address allowed to open the console (default: the address OVH sees for this machine, from POST /me/geolocation).");

    public static readonly ToolSetting ApiUrl = new(
        "OVH_IKVM_API_URL",
        "--api-url",
        "OVH API base URL overriding the endpoint, for a private gateway or the simulator (e.g. https://eu.api.ovh.com/1.0).");

    public static readonly ToolSetting AccessTtl = new(
        "OVH_IKVM_ACCESS_TTL",
        "--access-ttl",
        "Minutes a console access stays valid and is reused: 1, 3, 5, 10 or 15.",
        DefaultValue: "15");

    public static readonly ToolSetting GrantTimeout = new(
        "OVH_IKVM_GRANT_TIMEOUT",
        "--grant-timeout",
        "Seconds to wait for OVH to grant console access before giving up.",
        DefaultValue: "300");

    public static readonly ToolSetting CallTimeout = new(
        "OVH_IKVM_CALL_TIMEOUT",
        "--call-timeout",
        "Seconds a tool call may take before it answers with what it has (5 to 3600; below the 60 s most MCP clients wait). A console grant still pending then carries on in the background.",
        DefaultValue: "45");

    public static readonly ToolSetting LogLevel = new(
        "OVH_IKVM_LOG_LEVEL",
        "--log-level",
        "Log level on stderr: Trace, Debug, Information, Warning, Error, Critical or None.",
        DefaultValue: "Information");

    public static readonly ToolSetting Targets = new(
        "OVH_IKVM_TARGETS",
        "--targets",
        "JSON file listing servers reached without OVH (VNC endpoints, AMI BMCs); see the README section \"Direct targets\".");

    public static readonly ToolSetting HttpUrl = new(
        "OVH_IKVM_HTTP_URL",
        "--http-url",
        "With --http: the address to listen on. Anything but loopback requires a token.",
        DefaultValue: "http://127.0.0.1:3001");

    public static readonly ToolSetting HttpToken = new(
        "OVH_IKVM_HTTP_TOKEN",
        "--http-token",
        "With --http: the bearer token clients must send (generated and printed once when unset on loopback; at least 128 bits, e.g. 32 hex digits, off loopback).",
        IsSecret: true);

    public static readonly ToolSetting HttpAllowedOrigins = new(
        "OVH_IKVM_HTTP_ALLOWED_ORIGINS",
        "--http-allowed-origins",
        "With --http: comma-separated browser origins allowed to call the server (e.g. https://chat.example.com); loopback origins are allowed on a loopback address.");

    public static readonly ToolSetting AllowInput = new(
        "OVH_IKVM_ALLOW_INPUT",
        "--allow-input",
        "Add the send_keys tool, which types on a server's console (off by default: the server is read-only). Dangerous chords (Ctrl+Alt+Del, SysRq) still need the person's confirmation.",
        IsSwitch: true);

    public static readonly ToolSetting AllowPower = new(
        "OVH_IKVM_ALLOW_POWER",
        "--allow-power",
        "Add the reboot_server tool, which hard-reboots an OVH server after the person confirms (off by default). Needs the access rule `credentials --allow-power` requests.",
        IsSwitch: true);

    public static IReadOnlyList<ToolSetting> All { get; } =
        [Endpoint, ApplicationKey, ApplicationSecret, ConsumerKey, AllowedIp, ApiUrl, AccessTtl, GrantTimeout, CallTimeout, LogLevel, Targets, HttpUrl, HttpToken, HttpAllowedOrigins, AllowInput, AllowPower];

    public static IReadOnlyList<ToolSetting> OvhCredentials { get; } = [ApplicationKey, ApplicationSecret, ConsumerKey];
}
