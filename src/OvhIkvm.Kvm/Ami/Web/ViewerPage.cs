using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>
/// A viewer page exactly as the server answered it, redirects not followed. The URL is a secret (it holds a
/// one-time token): it is fetched once, and only its host ever appears in a message.
/// </summary>
internal sealed record ViewerPage(Secret Url, BmcHttpResponse Response)
{
    /// <summary>The viewer URL, parsed (never log or show it).</summary>
    public Uri Address { get; } = new(Url.Reveal());

    /// <summary>The host, safe to name in messages.</summary>
    public string Host => Address.Authority;
}
