namespace OvhIkvm.Consoles;

/// <summary>A VNC server reached directly: <c>ws://</c>, <c>wss://</c> (RFB over WebSocket) or <c>vnc://host[:port]</c> (TCP).</summary>
/// <param name="Address">The server address.</param>
/// <param name="Password">The VNC password, when the server asks for VNC authentication.</param>
public sealed record VncEndpoint(Uri Address, Secret? Password = null) : ConsoleEndpoint;
