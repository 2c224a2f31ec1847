using OvhIkvm.Tool.Cli;
using OvhIkvm.Tool.Configuration;
using OvhIkvm.Tool.Hands;

namespace OvhIkvm.Tool.Tests.Configuration;

public sealed class HandsSwitchTests
{
    [Fact]
    public void Both_are_off_unless_turned_on()
    {
        var configuration = ToolConfiguration.Resolve(new Dictionary<ToolSetting, string?>(), new Dictionary<string, string?>());

        Assert.Equal(HandsTier.Off, HandsTier.From(configuration));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void The_environment_turns_them_on(string value, bool on)
    {
        var configuration = ToolConfiguration.Resolve(
            new Dictionary<ToolSetting, string?>(),
            new Dictionary<string, string?> { ["OVH_IKVM_ALLOW_INPUT"] = value, ["OVH_IKVM_ALLOW_POWER"] = value });

        Assert.Null(configuration.UsageProblem);
        Assert.Equal(new HandsTier(on, on), HandsTier.From(configuration));
    }

    [Fact]
    public void A_value_that_is_neither_on_nor_off_is_a_usage_error_and_stays_off()
    {
        var configuration = ToolConfiguration.Resolve(
            new Dictionary<ToolSetting, string?>(),
            new Dictionary<string, string?> { ["OVH_IKVM_ALLOW_POWER"] = "yes-please" });

        Assert.Equal("OVH_IKVM_ALLOW_POWER 'yes-please' is not on or off; use true or false.", configuration.UsageProblem);
        Assert.False(HandsTier.From(configuration).AllowPower);
    }

    [Fact]
    public void The_flags_take_no_value_and_an_absent_flag_leaves_the_variable_in_force()
    {
        var environment = new Dictionary<string, string?> { ["OVH_IKVM_ALLOW_POWER"] = "true" };
        var commandLine = new ToolCommandLine((_, _) => Task.FromResult(0), environment);

        var configuration = commandLine.Configuration(commandLine.Root.Parse(["--allow-input", "servers"]), environment);

        Assert.Equal(new HandsTier(AllowInput: true, AllowPower: true), HandsTier.From(configuration));
    }
}
