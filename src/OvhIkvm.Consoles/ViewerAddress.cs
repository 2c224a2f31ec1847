using System.Diagnostics.CodeAnalysis;

namespace OvhIkvm.Consoles;

/// <summary>
/// Which granted viewer URLs may be opened. The URL carries a session token, so it must go over https: over plain http
/// whoever is on the path reads the token and can take the console. OVH always grants https; the one exception is a
/// loopback host (the simulators serve their viewer over http on 127.0.0.1), which no network path carries. The provider
/// that receives a URL and the KVM layer that opens it apply this one rule, so neither can be more lenient than the other.
/// </summary>
public static class ViewerAddress
{
    /// <summary>Reads a viewer URL that may be opened.</summary>
    /// <param name="text">The URL as granted.</param>
    /// <param name="address">The URL, when it may be opened.</param>
    /// <param name="refusal">When it may not: why, as a clause that names neither the URL nor its token.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? address, [NotNullWhen(false)] out string? refusal)
    {
        refusal = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out address) || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            address = null;
            refusal = "the viewer address is not an http(s) URL";
            return false;
        }

        if (address.Scheme == Uri.UriSchemeHttp && !LoopbackHost.Is(address.Host))
        {
            address = null;
            refusal = "the viewer address is plain http:// to another machine, which would send its session token across the network in clear";
            return false;
        }

        return true;
    }
}
