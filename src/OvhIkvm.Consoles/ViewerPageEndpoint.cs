namespace OvhIkvm.Consoles;

/// <summary>
/// A one-time HTML5 viewer URL such as the one OVH's IPMI access returns. The page belongs to an AMI/ASRockRack
/// BMC (IVTP over WebSocket) or to a noVNC/websockify viewer (RFB); the factory inspects it to decide.
/// </summary>
/// <param name="ViewerUrl">The viewer URL; it usually carries a session token, so it is itself a secret.</param>
public sealed record ViewerPageEndpoint(Secret ViewerUrl) : ConsoleEndpoint;
