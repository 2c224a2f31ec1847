using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>What a viewer page turned out to be.</summary>
internal abstract record ViewerPageClassification
{
    private ViewerPageClassification()
    {
    }

    /// <summary>An AMI MegaRAC / ASRockRack HTML5 viewer (IVTP over <c>/kvm</c>).</summary>
    public sealed record Ami(string Evidence) : ViewerPageClassification;

    /// <summary>A noVNC viewer; <paramref name="Endpoint"/> is the websockify address it would connect to.</summary>
    public sealed record NoVnc(VncEndpoint Endpoint, string Evidence) : ViewerPageClassification;

    /// <summary>
    /// A noVNC viewer whose address sends the console connection to another host than the page's own: refused, as
    /// a viewer link must not be able to point the tool (and the password it carries) at a host of its choosing.
    /// </summary>
    public sealed record Misdirected(string Description) : ViewerPageClassification;

    /// <summary>
    /// Neither; <paramref name="Description"/> says what was seen, without secrets. <paramref name="AccessRefused"/>:
    /// the page was an HTTP refusal (401, 403, 404, 410), i.e. the link expired or was used up.
    /// </summary>
    public sealed record Unrecognised(string Description, bool AccessRefused) : ViewerPageClassification;
}
