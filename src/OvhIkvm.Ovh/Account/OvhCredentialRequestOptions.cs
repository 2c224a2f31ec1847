namespace OvhIkvm.Ovh.Account;

/// <summary>What creating a consumer key needs: the application and where its API is; no secret, no consumer key.</summary>
public sealed class OvhCredentialRequestOptions
{
    /// <summary>An endpoint name (ovh-eu, ovh-ca, ...), as in <see cref="OvhOptions.Endpoint"/>.</summary>
    public required string Endpoint { get; init; }

    public required string ApplicationKey { get; init; }

    /// <summary>Replaces the endpoint's base URL, as in <see cref="OvhOptions.ApiBaseUrl"/>.</summary>
    public Uri? ApiBaseUrl { get; init; }

    public override string ToString() => $"OVH credential requests for application {ApplicationKey}";
}
