using System.Text.Json;
using ModelContextProtocol.Protocol;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>list_servers when OVH is down: the servers that can still be reached are listed, with one note for the rest.</summary>
public sealed class ListingFaultTests
{
    [Fact]
    public async Task An_ovh_outage_still_lists_the_direct_targets_with_one_note_and_the_direct_bmc_is_served()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var rig = await ReliabilityRig.StartAsync(2, ct);
        rig.Fleet.Ovh.Inject(new OvhFault(OvhFaultKind.Html, "GET /dedicated/server", ReliabilityTimeouts.OvhRetryAttempts + 1) { StatusCode = 503 });

        var listing = await rig.ListServersAsync(ct);

        Assert.NotEqual(true, listing.IsError);
        var texts = listing.Content.OfType<TextContentBlock>().Select(t => t.Text).ToList();
        Assert.Equal(2, texts.Count);
        var ids = JsonDocument.Parse(texts[0]).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal([ReliabilityFleet.DirectTargetId, ReliabilityFleet.WrongPasswordTargetId], ids.Order(StringComparer.Ordinal));
        Assert.StartsWith("Note: some servers may be missing: The OVH API failed on GET /dedicated/server with HTTP 503", texts[1], StringComparison.Ordinal);
        Assert.DoesNotContain('\n', texts[1]);

        var (direct, _) = await rig.ScreenshotAsync(ReliabilityFleet.DirectTargetId, ct);
        ReliabilityRig.AssertShowsConsole(direct, ReliabilityFleet.DirectTargetId);

        var recovered = await rig.ListServersAsync(ct);
        Assert.Single(recovered.Content);
        Assert.Equal(2 + 1 + 2, JsonDocument.Parse(Assert.IsType<TextContentBlock>(recovered.Content[0]).Text).RootElement.GetArrayLength());
        rig.AssertNoSecretLeaked();
    }
}
