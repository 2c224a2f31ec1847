using OvhIkvm.Kvm.Consoles;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>A validated direct target: a server reached without OVH.</summary>
internal sealed record DirectTarget(ConsoleServer Server, ConsoleEndpoint Endpoint);
