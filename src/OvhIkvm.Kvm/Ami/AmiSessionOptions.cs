using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using OvhIkvm.Kvm.Ami.Video;

namespace OvhIkvm.Kvm.Ami;

/// <summary>
/// Timeouts and bounds of the AMI/ASRockRack KVM path. Every network step has its own limit.
/// <see cref="AmiSessionOptionsValidator"/> checks them when the host starts.
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode",
    Justification = "The TimeSpan [Range] attributes are read at compile time by the [OptionsValidator] source generator " +
        "(AmiSessionOptionsValidator), which emits its own range check and parses the bounds with TimeSpan.TryParse; nothing reflects " +
        "over them or reaches their TypeConverter at run time.")]
public sealed class AmiSessionOptions
{
    /// <summary>Fetching the viewer page, or logging in to the BMC.</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan PageFetchTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Each REST call to the BMC (viewer activation, KVM token).</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan RestCallTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Logging out of a web session this tool opened (<c>DELETE /api/session</c>). It runs after the screenshot has been
    /// handed over; the process waits for it at exit, at most this long.
    /// </summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan LogoutTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Opening the KVM WebSocket (TCP, TLS and the upgrade).</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan SocketConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>From the socket being open to the BMC accepting the session.</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan ValidationTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The whole capture, from asking for the KVM token to a complete screen.</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan CaptureTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How often a keep-alive is sent once validated (AMI's viewer uses 3 s).</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long to wait for video before asking for a full screen again.</summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan FullScreenRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// While a session is held to follow the screen, how long a full-screen request may go without a complete frame
    /// before the BMC is taken to have stopped answering. An unchanged screen sends nothing, so only an unanswered
    /// request tells a dead BMC from an idle console.
    /// </summary>
    [Range(typeof(TimeSpan), OptionBounds.ShortestTimeout, OptionBounds.LongestTimeout)]
    public TimeSpan FollowSilenceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The largest compressed frame (and so the largest IVTP packet) accepted from a BMC. 16 MiB is 7 bytes per
    /// pixel at 1920x1200, the largest BMC screen, where real frames take well under one; a packet is buffered
    /// whole, so this bound is also what one packet can cost.
    /// </summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxCompressedFrameBytes { get; set; } = VideoLimits.DefaultMaxCompressedBytes;

    /// <summary>Corrupt frames tolerated before the capture fails (a later full frame usually repairs damage).</summary>
    [Range(0, 1000)]
    public int MaxCorruptFrames { get; set; } = 3;
}
