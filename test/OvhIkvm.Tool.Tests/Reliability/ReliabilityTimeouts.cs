using OvhIkvm.Kvm.Ami;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>
/// The limits the suite gives the pipeline: short enough that every fault ends in seconds, long enough that a
/// healthy capture on a loaded 2-core machine never trips them. Tests bound each failure by its limit plus <see cref="Margin"/>.
/// </summary>
internal static class ReliabilityTimeouts
{
    public static TimeSpan TaskPollInterval { get; } = TimeSpan.FromMilliseconds(20);

    public static TimeSpan OvhRequest { get; } = TimeSpan.FromSeconds(3);

    public static TimeSpan Grant { get; } = TimeSpan.FromSeconds(6);

    public static int OvhRetryAttempts => 2;

    public static TimeSpan OvhRetryBaseDelay { get; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Caps every back-off, Retry-After included (OVH sends whole seconds; the suite does not wait them).</summary>
    public static TimeSpan OvhMaxRetryDelay { get; } = TimeSpan.FromMilliseconds(200);

    public static TimeSpan Capture { get; } = TimeSpan.FromSeconds(4);

    public static TimeSpan KeepAliveInterval { get; } = TimeSpan.FromSeconds(1);

    public static TimeSpan Logout { get; } = TimeSpan.FromSeconds(3);

    /// <summary>Each tool call's deadline: above every single fault's own bound, so those faults end in their own sentence.</summary>
    public static TimeSpan Call { get; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What a failure's own limit does not cover: the stages before it against simulators that answer at once (OVH
    /// grant, viewer page), the MCP round trip, and scheduling on a machine shared with other builds. The suite runs
    /// the whole tool on real time on purpose: every peer is a real socket, and the tool's timers (per-request
    /// timeouts, keep-alives, full-screen retries, call deadlines, MCP progress) run while real packets flow, which
    /// a fake clock cannot advance in step. Fake time proves each limit exactly in the component tests
    /// (FaultTests, RfbTimeoutTests); here the bound shows that the limit, not the peer, ended the call.
    /// </summary>
    public static TimeSpan Margin { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The most a call may take when OVH keeps failing: every attempt's timeout and back-off.</summary>
    public static TimeSpan OvhFailure { get; } = ((OvhRetryAttempts + 1) * OvhRequest) + (OvhRetryAttempts * OvhMaxRetryDelay);

    public static void Apply(AmiSessionOptions options)
    {
        options.PageFetchTimeout = TimeSpan.FromSeconds(3);
        options.RestCallTimeout = TimeSpan.FromSeconds(3);
        options.SocketConnectTimeout = TimeSpan.FromSeconds(3);
        options.ValidationTimeout = TimeSpan.FromSeconds(3);
        options.CaptureTimeout = Capture;
        options.LogoutTimeout = Logout;
        options.KeepAliveInterval = KeepAliveInterval;
        options.FullScreenRetryInterval = TimeSpan.FromMilliseconds(300);
    }
}
