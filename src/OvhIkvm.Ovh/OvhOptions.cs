using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Ovh;

/// <summary>How to reach the OVH API. A class, not a record: a record's generated ToString would print every member.</summary>
public sealed class OvhOptions
{
    /// <summary>An endpoint name (ovh-eu, ovh-ca, ovh-us, kimsufi-eu, ... or the aliases eu, ca, us).</summary>
    public required string Endpoint { get; init; }

    public required string ApplicationKey { get; init; }

    public required Secret ApplicationSecret { get; init; }

    public required Secret ConsumerKey { get; init; }

    public override string ToString() => $"OVH API {Endpoint} (application {ApplicationKey})";
}
