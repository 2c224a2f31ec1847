namespace OvhIkvm.Ovh.Account;

/// <summary>Creates consumer keys with the minimal access rules, for <c>ovh-ikvm-mcp credentials</c>. Registered by <c>AddOvhCredentialRequests</c>.</summary>
public interface IOvhConsumerKeyRequests
{
    /// <summary>Asks OVH for a consumer key with <see cref="OvhRequiredAccessRules"/>; only the application key is needed.</summary>
    /// <param name="allowedIpConfigured">Leaves out <c>POST /me/geolocation</c>, which is not called when the allowed IP is configured.</param>
    /// <param name="allowPower">Adds <c>POST /dedicated/server/*/reboot</c>, which reboot_server needs; only asked for with <c>--allow-power</c>.</param>
    /// <param name="redirection">Where OVH sends the browser after approval, or null for OVH's own page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="OvhIkvm.Consoles.ConsoleException">OVH refused or could not be reached; the message says what to do.</exception>
    Task<ConsumerKeyRequest> RequestConsumerKeyAsync(bool allowedIpConfigured, bool allowPower, Uri? redirection, CancellationToken cancellationToken);
}
