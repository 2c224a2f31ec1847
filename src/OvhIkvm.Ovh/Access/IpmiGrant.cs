using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Access;

/// <summary>A console access OVH granted: the viewer URL (a secret) and when it stops working.</summary>
internal sealed record IpmiGrant(string ServiceName, Secret ViewerUrl, DateTimeOffset ExpiresAt);
