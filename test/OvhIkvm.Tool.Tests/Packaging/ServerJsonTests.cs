using System.Text.Json;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hosting;

namespace OvhIkvm.Tool.Tests.Packaging;

/// <summary>.mcp/server.json is packed into the NuGet package; MCP registries and the gallery read it.</summary>
public sealed class ServerJsonTests
{
    private static readonly JsonElement ServerJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "server.json"))).RootElement;

    [Fact]
    public void It_declares_every_setting_as_an_environment_variable_with_secrets_marked()
    {
        var package = ServerJson.GetProperty("packages")[0];
        var variables = package.GetProperty("environmentVariables").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => v);

        Assert.Equal(
            ToolSettings.All.Select(s => s.EnvironmentVariable).Order(StringComparer.Ordinal),
            variables.Keys.Order(StringComparer.Ordinal));
        foreach (var setting in ToolSettings.All)
        {
            var declared = variables[setting.EnvironmentVariable];
            Assert.Equal(setting.IsSecret, declared.TryGetProperty("isSecret", out var secret) && secret.GetBoolean());
            Assert.Equal(setting.DefaultValue, declared.TryGetProperty("default", out var d) ? d.GetString() : null);
        }
    }

    [Fact]
    public void Its_identifier_and_versions_match_the_package()
    {
        var package = ServerJson.GetProperty("packages")[0];

        Assert.Equal("nuget", package.GetProperty("registryType").GetString());
        Assert.Equal(ToolVersion.ServerName, package.GetProperty("identifier").GetString());
        Assert.Equal("stdio", package.GetProperty("transport").GetProperty("type").GetString());
        var version = ToolVersion.Current.Split('-')[0];
        Assert.Equal(version, ServerJson.GetProperty("version").GetString());
        Assert.Equal(version, package.GetProperty("version").GetString());
        Assert.InRange(ServerJson.GetProperty("description").GetString()!.Length, 1, 100);
    }
}
