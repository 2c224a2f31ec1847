namespace OvhIkvm.Ovh.Api;

/// <summary>One OVH API call target.</summary>
/// <param name="PathAndQuery">What follows the base URL, escaped and ready to send (e.g. <c>/dedicated/server/ns1.x/task/42</c>).</param>
/// <param name="AccessRule">The consumer-key access rule that covers it (e.g. <c>/dedicated/server/*/task/*</c>), for error messages.</param>
/// <param name="IsSigned">False only for <c>/auth/time</c> (which must never be signed) and <c>/auth/credential</c> (made before a consumer key exists).</param>
internal sealed record OvhRoute(string PathAndQuery, string AccessRule, bool IsSigned = true)
{
    public const string IpmiAccessTypeHtml5 = "kvmipHtml5URL";

    /// <summary>The <c>dedicated.TaskFunctionEnum</c> value of the task an access request creates.</summary>
    public const string AccessTaskFunction = "requestAccessIPMI";

    /// <summary>The exact URL that is sent and signed: base URL + escaped path, which <see cref="Uri"/> keeps as is.</summary>
    public Uri ToUri(Uri baseUrl) => new(baseUrl.AbsoluteUri.TrimEnd('/') + PathAndQuery, UriKind.Absolute);

    public static OvhRoute AuthTime { get; } = new("/auth/time", "/auth/time", IsSigned: false);

    public static OvhRoute CurrentCredential { get; } = new("/auth/currentCredential", "/auth/currentCredential");

    /// <summary>Creating a consumer key is the one call made before a consumer key exists: only the application key goes with it.</summary>
    public static OvhRoute CredentialRequest { get; } = new("/auth/credential", "/auth/credential", IsSigned: false);

    public static OvhRoute Servers { get; } = new("/dedicated/server", "/dedicated/server");

    public static OvhRoute Geolocation { get; } = new("/me/geolocation", "/me/geolocation");

    public static OvhRoute Server(string serviceName) =>
        new($"/dedicated/server/{OvhServiceName.ToPathSegment(serviceName)}", "/dedicated/server/*");

    public static OvhRoute Ipmi(string serviceName) =>
        new($"/dedicated/server/{OvhServiceName.ToPathSegment(serviceName)}/features/ipmi", "/dedicated/server/*/features/ipmi");

    public static OvhRoute IpmiAccess(string serviceName) =>
        new($"/dedicated/server/{OvhServiceName.ToPathSegment(serviceName)}/features/ipmi/access", "/dedicated/server/*/features/ipmi/access");

    public static OvhRoute IpmiAccessValue(string serviceName) =>
        new(
            $"/dedicated/server/{OvhServiceName.ToPathSegment(serviceName)}/features/ipmi/access?type={IpmiAccessTypeHtml5}",
            "/dedicated/server/*/features/ipmi/access");

    /// <summary>"Hard reboot this server": no body, answers a <c>hardReboot</c> task.</summary>
    public static OvhRoute Reboot(string serviceName) =>
        new($"/dedicated/server/{OvhServiceName.ToPathSegment(serviceName)}/reboot", "/dedicated/server/*/reboot");

    public static OvhRoute Task(string serviceName, long taskId) =>
        new($"/dedicated/server/{OvhServiceName.ToPathSegment(serviceName)}/task/{taskId}", "/dedicated/server/*/task/*");

    /// <summary>The ids of a server's tasks of one function in one status (<c>GET …/task?function=&amp;status=</c>).</summary>
    public static OvhRoute Tasks(string serviceName, string function, string status) =>
        new(
            $"/dedicated/server/{OvhServiceName.ToPathSegment(serviceName)}/task?function={Uri.EscapeDataString(function)}&status={Uri.EscapeDataString(status)}",
            "/dedicated/server/*/task");
}
