using System.Text.Json.Serialization;

namespace OvhIkvm.Consoles;

/// <summary>A server whose console this tool can show, as <c>list_servers</c> reports it.</summary>
/// <param name="Id">The identifier <c>get_screenshot</c> takes (for OVH, the service name, e.g. ns1234567.ip-1-2-3.eu).</param>
/// <param name="Name">A human name (the reverse DNS or the configured label).</param>
/// <param name="Provider">Which provider serves it: "ovh", "direct", ...</param>
/// <param name="Datacenter">Where it is, when known.</param>
/// <param name="Ip">Its main IP address, when known.</param>
/// <param name="ConsoleAvailable">Whether a screenshot can be taken (for OVH: an HTML5 KVM is offered); null when unknown.</param>
public sealed record ConsoleServer(
    string Id,
    string Name,
    string Provider,
    string? Datacenter = null,
    string? Ip = null,
    bool? ConsoleAvailable = null)
{
    /// <summary>True when the provider did not answer in time and this entry is what it listed earlier (see <see cref="ListedAt"/>); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Stale { get; init; }

    /// <summary>When a <see cref="Stale"/> entry was listed; absent for a fresh one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ListedAt { get; init; }

    /// <summary>Why this server's console cannot be opened as configured (e.g. its password variable is unset); absent when it can.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Problem { get; init; }
}
