using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>
/// How the VNC/RFB client connects and captures. The defaults suit a BMC across the internet. Configure it with
/// <c>services.Configure&lt;RfbOptions&gt;(...)</c>; <see cref="RfbOptionsValidator"/> checks it when the host starts.
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode",
    Justification = "The TimeSpan [Range] attributes are read at compile time by the [OptionsValidator] source generator " +
        "(RfbOptionsValidator), which emits its own range check and parses the bounds with TimeSpan.TryParse; nothing reflects " +
        "over them or reaches their TypeConverter at run time.")]
public sealed record RfbOptions
{
    /// <summary>The encodings offered to the server, most preferred first. Raw is always understood, offered or not.</summary>
    public static IReadOnlyList<RfbEncoding> DefaultEncodings { get; } =
        [RfbEncoding.Tight, RfbEncoding.Zrle, RfbEncoding.Hextile, RfbEncoding.CopyRect, RfbEncoding.Raw];

    /// <summary>TCP connect plus, for WebSocket, the HTTP upgrade.</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Version, security and initialisation messages, after the connection is up.</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>One whole capture: from the first update request to the last pixel painted.</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan CaptureTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The encodings offered to the server, most preferred first (see <see cref="DefaultEncodings"/>).</summary>
    [Required]
    public IReadOnlyList<RfbEncoding> Encodings { get; set; } = DefaultEncodings;

    /// <summary>
    /// Tight JPEG quality 0 (smallest) to 9 (best); null keeps Tight lossless, because servers only send JPEG to
    /// clients that announce a quality level.
    /// </summary>
    [Range(0, 9)]
    public int? JpegQuality { get; set; } = 8;

    /// <summary>Ask to share the desktop with other viewers rather than disconnect them (ClientInit shared flag).</summary>
    public bool SharedSession { get; set; } = true;

    /// <summary>The largest framebuffer accepted from a server.</summary>
    [Required]
    public FrameLimits FrameLimits { get; set; } = FrameLimits.Default;

    /// <summary>
    /// Skip SetPixelFormat and decode the server's own format. Not a user setting: tests use it to prove the
    /// 8- and 16-bit paths against real servers.
    /// </summary>
    internal bool KeepServerPixelFormat { get; set; }

    /// <summary>The longest desktop name, failure reason or cut-text the client reads (longer ones are a protocol error).</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxMessageLength { get; set; } = 64 * 1024;
}
