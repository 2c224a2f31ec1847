using OvhIkvm.Simulators.Screens;

namespace OvhIkvm.Tool.Demo;

/// <summary>One server of the demo fleet and the console picture its simulated BMC shows.</summary>
/// <param name="ServiceName">Its OVH service name.</param>
/// <param name="Ip">Its (documentation-range) IPv4.</param>
/// <param name="Datacenter">Its OVH datacenter.</param>
/// <param name="Screen">What its console shows; null for a server whose BMC offers no HTML5 console.</param>
internal sealed record DemoServer(string ServiceName, string Ip, string Datacenter, DemoScreenKind? Screen)
{
    /// <summary>The server that boots when the demo starts, reaching <see cref="Screen"/> (its login prompt) after about 20 s.</summary>
    public const string BootingServiceName = "ns3100432.ip-198-51-100.eu";

    /// <summary>True for a server that boots when the demo starts (see <see cref="BootSequence"/>) and ends at <see cref="Screen"/>.</summary>
    public bool Boots { get; init; }

    /// <summary>The host name the screen shows (the first label of the service name).</summary>
    public string HostName => ServiceName.Split('.')[0];

    public static IReadOnlyList<DemoServer> Fleet { get; } =
    [
        new("ns3100427.ip-198-51-100.eu", "198.51.100.27", "gra3", DemoScreenKind.KernelPanic),
        new("ns3100428.ip-198-51-100.eu", "198.51.100.28", "rbx8", DemoScreenKind.GrubMenu),
        new("ns3100429.ip-198-51-100.eu", "198.51.100.29", "sbg5", DemoScreenKind.LoginPrompt),
        new("ns3100430.ip-198-51-100.eu", "198.51.100.30", "bhs6", DemoScreenKind.EmergencyMode),
        new("ns3100431.ip-198-51-100.eu", "198.51.100.31", "waw1", Screen: null),
        new(BootingServiceName, "198.51.100.32", "lim3", DemoScreenKind.LoginPrompt) { Boots = true },
    ];
}
