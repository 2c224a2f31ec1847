namespace OvhIkvm.Simulators.Ovh;

/// <summary>A dedicated server the simulated OVH account owns.</summary>
/// <param name="ServiceName">Its service name, e.g. ns1234.ip-1-2-3.eu.</param>
/// <param name="Ip">Its main IPv4.</param>
/// <param name="Datacenter">A <c>dedicated.DatacenterEnum</c> value such as gra3.</param>
public sealed record OvhSimulatedServer(string ServiceName, string Ip, string Datacenter = "gra3")
{
    /// <summary>The reverse DNS name (OVH's default is the service name).</summary>
    public string? Reverse { get; init; }

    /// <summary>Whether IPMI answers at all; false makes <c>features/ipmi</c> answer 404, as OVH does for servers without it.</summary>
    public bool IpmiActivated { get; init; } = true;

    /// <summary>Whether the BMC offers the HTML5 KVM (false on entry-level servers that only have the Java viewer).</summary>
    public bool Html5Console { get; init; } = true;

    /// <summary>How its access tasks end: done, customerError, ovhError or cancelled.</summary>
    public string FinalTaskStatus { get; init; } = "done";

    /// <summary>The task's comment when it does not end as done.</summary>
    public string? FinalTaskComment { get; init; }

    /// <summary>Where the viewer URL points; a <c>?token=</c> is appended. Defaults to an OVH-style ipmi.ovh.net proxy address.</summary>
    public Uri? ViewerBaseUrl { get; init; }
}
