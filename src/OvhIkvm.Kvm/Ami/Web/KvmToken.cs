using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>The single-use KVM token from <c>GET /api/kvm/token</c>, fetched right before each WebSocket.</summary>
/// <param name="Token">The token the validation packet carries.</param>
/// <param name="ClientIp">The client address as the BMC sees it (the validation packet carries it too).</param>
internal sealed record KvmToken(Secret Token, string ClientIp);
