using System.CommandLine;
using System.Text.Json;
using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

public sealed class CliCommandsTests
{
    private const string Targets = """
        {"targets":[
          {"id":"lab-qemu","name":"QEMU lab","type":"vnc","url":"ws://127.0.0.1:5700"},
          {"id":"asrock-1","type":"ami","url":"https://10.0.0.5","username":"admin","password":"pw"}
        ]}
        """;

    [Fact]
    public async Task Servers_prints_a_table_of_direct_targets_without_ovh_credentials()
    {
        using var file = new TempFile("targets.json", Targets);

        var (exitCode, output, error) = await RunAsync(["servers", "--targets", file.Path]);

        Assert.Equal(0, exitCode);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("lab-qemu", StringComparison.Ordinal) && l.Contains("QEMU lab", StringComparison.Ordinal));
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain("OVH", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Servers_json_matches_what_list_servers_returns()
    {
        using var file = new TempFile("targets.json", Targets);

        var (exitCode, output, _) = await RunAsync(["servers", "--json", "--targets", file.Path]);

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["lab-qemu", "asrock-1"], json.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Servers_without_any_configuration_fails_with_the_variables_to_set()
    {
        var (exitCode, output, error) = await RunAsync(["servers"]);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("OVH_APPLICATION_KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screenshot_of_an_unknown_server_fails_with_a_clear_message_and_writes_no_file()
    {
        using var file = new TempFile("targets.json", Targets);
        var png = Path.Combine(file.Folder, "out.png");

        var (exitCode, _, error) = await RunAsync(["screenshot", "nope", "-o", png, "--targets", file.Path]);

        Assert.Equal(1, exitCode);
        Assert.Contains("'nope' is not in the targets file", error, StringComparison.Ordinal);
        Assert.False(File.Exists(png));
    }

    [Fact]
    public void Default_screenshot_file_names_are_safe_and_timestamped()
    {
        var name = ScreenshotCommand.DefaultFileName("ns1/../x y", new DateTimeOffset(2026, 11, 21, 7, 5, 9, TimeSpan.Zero));

        Assert.Equal("ns1_.._x_y-20261121-070509.png", name);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args)
    {
        var environment = new Dictionary<string, string?>();
        var commandLine = new ToolCommandLine((_, _) => Task.FromResult(-1), environment);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await commandLine.Root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }
}
