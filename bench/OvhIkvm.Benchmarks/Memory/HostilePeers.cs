using System.Text.Json.Nodes;
using OvhIkvm.Simulators.Bmc;

namespace OvhIkvm.Benchmarks.Memory;

/// <summary>The hostile peers of one case and the targets file that points the tool at them.</summary>
internal sealed class HostilePeers : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _peers = [];
    private readonly JsonArray _targets = [];

    public List<string> Ids { get; } = [];

    public static HostilePeers Vnc(HostileVncServer server)
    {
        var peers = new HostilePeers();
        peers._peers.Add(server);
        peers.Add(new JsonObject { ["id"] = "vnc-0", ["type"] = "vnc", ["url"] = server.Address.ToString() });
        return peers;
    }

    /// <summary><paramref name="count"/> simulated AMI BMCs showing <paramref name="screen"/>, reached by direct login.</summary>
    public static async Task<HostilePeers> AmiAsync(int count, BmcScreen screen, Action<BmcFaults> faults)
    {
        var peers = new HostilePeers();
        for (var i = 0; i < count; i++)
        {
            var options = new BmcSimulatorOptions();
            var bmc = await BmcSimulator.StartAsync(options, new BmcScreenSequence(screen), CancellationToken.None);
            faults(bmc.Faults);
            peers._peers.Add(bmc);
            peers.Add(new JsonObject
            {
                ["id"] = $"ami-{i}",
                ["type"] = "ami",
                ["url"] = bmc.BaseUrl.ToString(),
                ["username"] = options.Username,
                ["password"] = options.Password,
            });
        }

        return peers;
    }

    public string TargetsJson() => new JsonObject { ["targets"] = _targets.DeepClone() }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }
    }

    private void Add(JsonObject target)
    {
        Ids.Add((string)target["id"]!);
        _targets.Add(target);
    }
}
