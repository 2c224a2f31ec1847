using OvhIkvm.Testing;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>
/// A BMC that costs the tool memory rather than time, end to end through MCP: a video packet beyond the bound is
/// refused as soon as its header arrives (it would be buffered whole), in one sentence, and the same server is
/// served once the BMC behaves. The allocation side is proven in OvhIkvm.Kvm.Tests (AmiMemoryTests, RfbMemoryTests)
/// and measured on the built tool by the hostile-memory harness (docs/reliability.md).
/// </summary>
public sealed class HostileMemoryTests
{
    [Fact]
    public async Task A_64_MiB_video_packet_ends_in_one_clear_error_and_the_server_is_served_once_the_bmc_heals()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(1, ct);
        var server = rig.Fleet.ServerIds[0];
        var bmc = rig.Fleet.BmcOf(server);
        bmc.Faults.SingleVideoPacketBytes = 64 << 20;

        await rig.AssertFailsClearlyThenRecoversAsync(
            server, $"announced an IVTP packet of {64 << 20} bytes", ReliabilityTimeouts.Capture, () => bmc.Faults.SingleVideoPacketBytes = 0, server, ct);

        Assert.Equal(0, rig.Sessions.OpenSessions);
        rig.AssertNoSecretLeaked();
    }
}
