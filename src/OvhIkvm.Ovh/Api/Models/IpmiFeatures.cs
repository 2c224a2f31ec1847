using System.Text.Json.Serialization;

namespace OvhIkvm.Ovh.Api.Models;

/// <summary><c>dedicated.server.Ipmi</c>: whether IPMI is on and which console kinds the BMC offers.</summary>
internal sealed record IpmiFeatures(bool Activated, IpmiSupportedFeatures? SupportedFeatures)
{
    /// <summary>What a server without IPMI looks like (OVH answers 404, which the control panel reads this way).</summary>
    public static IpmiFeatures None { get; } = new(false, null);

    public bool OffersHtml5Console => Activated && SupportedFeatures?.KvmipHtml5Url == true;
}

/// <summary><c>dedicated.server.IpmiSupportedFeatures</c>.</summary>
internal sealed record IpmiSupportedFeatures(
    [property: JsonPropertyName("kvmipHtml5URL")] bool KvmipHtml5Url,
    [property: JsonPropertyName("kvmipJnlp")] bool KvmipJnlp,
    [property: JsonPropertyName("serialOverLanURL")] bool SerialOverLanUrl,
    [property: JsonPropertyName("serialOverLanSshKey")] bool SerialOverLanSshKey);
