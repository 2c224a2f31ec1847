using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh;
using OvhIkvm.Simulators.Ovh;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Consoles.DirectTargets;
using OvhIkvm.Tool.Mcp;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Consoles;

/// <summary>
/// A listing that degrades per provider and per target: OVH hanging leaves its last known servers (marked stale) next
/// to the direct targets, and a target whose password variable is unset is listed with the reason, not fatal to the file.
/// </summary>
public sealed class DegradedListingTests
{
    private const string Targets = """
        {"targets":[
          {"id":"lab-qemu","type":"vnc","url":"ws://127.0.0.1:5700"},
          {"id":"asrock-1","type":"ami","url":"https://10.0.0.5","username":"admin","passwordEnv":"ASROCK_PASSWORD_NOT_SET"}
        ]}
        """;

    [Fact]
    public async Task When_ovh_hangs_the_listing_answers_by_its_deadline_with_the_direct_targets_and_the_ovh_servers_it_knew_marked_stale()
    {
        var ct = TestTimeouts.Within(TestTimeouts.Network);
        await using var ovh = await OvhApiSimulator.StartAsync(cancellationToken: ct);
        using var file = new TempFile("targets.json", Targets);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddOvhConsoleProvider(Options(ovh))
            .AddSingleton<IConsoleProvider>(new DirectTargetsProvider(() => DirectTargetsLoader.Load(file.Path, new Dictionary<string, string?>())))
            .AddSingleton<IConsoleDirectory, ConsoleDirectory>()
            .BuildServiceProvider();
        var directory = services.GetRequiredService<IConsoleDirectory>();
        var fresh = await directory.ListServersAsync(ct);
        Assert.Empty(fresh.ProviderErrors);
        ovh.Inject(new OvhFault(OvhFaultKind.Slow, "GET /dedicated/server") { Delay = TimeSpan.FromMinutes(2) });

        using var answerBy = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();
        var listing = await directory.ListServersAsync(answerBy.Token, ct);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var ovhServers = listing.Servers.Where(s => s.Provider == "ovh").ToList();
        Assert.Equal(fresh.Servers.Where(s => s.Provider == "ovh").Select(s => s.Id), ovhServers.Select(s => s.Id));
        Assert.All(ovhServers, s => Assert.True(s.Stale));
        Assert.All(ovhServers, s => Assert.NotNull(s.ListedAt));
        Assert.Contains(listing.Servers, s => s.Id == "lab-qemu" && s.Stale is null);
        var note = Assert.Single(listing.ProviderErrors);
        Assert.Contains($"The OVH API's {ovhServers.Count} servers are as listed at ", note, StringComparison.Ordinal);
        Assert.Contains("did not answer in time", note, StringComparison.Ordinal);

        var json = JsonDocument.Parse(JsonSerializer.Serialize(listing.Servers, ToolJsonContext.Default.IReadOnlyListConsoleServer)).RootElement;
        Assert.True(json.EnumerateArray().First(e => e.GetProperty("provider").GetString() == "ovh").GetProperty("stale").GetBoolean());
        Assert.False(json.EnumerateArray().First(e => e.GetProperty("id").GetString() == "lab-qemu").TryGetProperty("stale", out _));
    }

    [Fact]
    public async Task A_target_whose_password_variable_is_unset_is_listed_with_the_reason_and_the_rest_of_the_file_works()
    {
        using var file = new TempFile("targets.json", Targets);
        var provider = new DirectTargetsProvider(() => DirectTargetsLoader.Load(file.Path, new Dictionary<string, string?>()));

        var servers = await provider.ListServersAsync(TestContext.Current.CancellationToken);
        var lab = await provider.OpenConsoleAsync("lab-qemu", null, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<ConsoleConfigurationException>(() => provider.OpenConsoleAsync("asrock-1", null, TestContext.Current.CancellationToken));

        Assert.Equal(["lab-qemu", "asrock-1"], servers.Select(s => s.Id));
        var asrock = servers[1];
        Assert.False(asrock.ConsoleAvailable);
        Assert.Contains("ASROCK_PASSWORD_NOT_SET named by \"passwordEnv\" is not set", asrock.Problem, StringComparison.Ordinal);
        Assert.Null(servers[0].Problem);
        Assert.IsType<VncEndpoint>(lab);
        Assert.Contains("Server 'asrock-1' in the targets file cannot be opened: the environment variable ASROCK_PASSWORD_NOT_SET", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task The_servers_command_lists_every_target_and_names_the_one_that_cannot_be_opened(string? value)
    {
        using var file = new TempFile("targets.json", Targets);

        var (exitCode, output, error) = await CliRunner.RunAsync(
            ["servers", "--targets", file.Path],
            new Dictionary<string, string?> { ["ASROCK_PASSWORD_NOT_SET"] = value },
            TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        Assert.Contains("lab-qemu", output, StringComparison.Ordinal);
        Assert.Contains("asrock-1", output, StringComparison.Ordinal);
        Assert.Contains("warning: asrock-1 cannot be opened: the environment variable ASROCK_PASSWORD_NOT_SET named by \"passwordEnv\" is", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_structural_error_next_to_an_unset_password_variable_still_rejects_the_file()
    {
        using var file = new TempFile("targets.json", """{"targets":[{"id":"a","type":"ami","url":"http://h","username":"u","passwordEnv":"NOT_SET_ANYWHERE"}]}""");

        var error = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(file.Path, new Dictionary<string, string?>()));

        Assert.Contains("an AMI BMC url must start with https://", error.Message, StringComparison.Ordinal);
    }

    private static OvhOptions Options(OvhApiSimulator ovh) => new()
    {
        Endpoint = "ovh-eu",
        ApiBaseUrl = ovh.BaseUrl,
        ApplicationKey = ovh.Options.ApplicationKey,
        ApplicationSecret = new Secret(ovh.Options.ApplicationSecret),
        ConsumerKey = new Secret(ovh.Options.ConsumerKey),
        InventoryCacheDuration = TimeSpan.Zero,
    };
}
