using OvhIkvm.Tool.Configuration;

namespace OvhIkvm.Tool.Hands;

/// <summary>Which write tools the person turned on; both off unless <c>--allow-input</c> / <c>--allow-power</c> say otherwise.</summary>
/// <param name="AllowInput">send_keys is offered.</param>
/// <param name="AllowPower">reboot_server is offered.</param>
internal sealed record HandsTier(bool AllowInput, bool AllowPower)
{
    public static HandsTier Off { get; } = new(false, false);

    public bool Any => AllowInput || AllowPower;

    public static HandsTier From(ToolConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new HandsTier(configuration.IsOn(ToolSettings.AllowInput), configuration.IsOn(ToolSettings.AllowPower));
    }
}
