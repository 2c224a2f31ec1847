namespace OvhIkvm.Simulators.Ovh;

/// <summary>The simulated account: credentials it accepts, servers it owns, and how its tasks behave.</summary>
public sealed class OvhSimulatorOptions
{
    public string ApplicationKey { get; init; } = "simAppKey0000001";

    public string ApplicationSecret { get; init; } = "simApplicationSecret000000000001";

    public string ConsumerKey { get; init; } = "simConsumerKey000000000000000001";

    public IReadOnlyList<OvhSimulatedServer> Servers { get; init; } = DefaultServers;

    /// <summary>
    /// Access rules of the consumer key as "METHOD /path" with <c>*</c> wildcards, like OVH's accessRules; null allows everything.
    /// </summary>
    public IReadOnlyList<string>? AccessRules { get; init; }

    /// <summary>The state <c>GET /auth/currentCredential</c> reports for <see cref="ConsumerKey"/>: validated, pendingValidation, expired or refused.
    /// Any state but validated makes every other signed call answer 403 INVALID_CREDENTIAL.</summary>
    public string CredentialState { get; init; } = "validated";

    /// <summary>When <see cref="ConsumerKey"/> expires, in the API clock; null for never. Past it, the key behaves as expired.</summary>
    public DateTimeOffset? CredentialExpiration { get; init; }

    /// <summary>How far a timestamp may be from the API clock (OVH does not document its window).</summary>
    public TimeSpan TimestampTolerance { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many reads of a task it takes to move one state (init, todo, doing, then its final status).</summary>
    public int TaskReadsPerState { get; init; } = 1;

    /// <summary>The address <c>POST /me/geolocation</c> reports; null reports the caller's address.</summary>
    public string? GeolocationIp { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called with the service name when a reboot task reaches done: a test can change what that server's console shows.</summary>
    public Action<string>? Rebooted { get; init; }

    public static IReadOnlyList<OvhSimulatedServer> DefaultServers { get; } =
    [
        new("ns3001234.ip-51-68-12.eu", "51.68.12.34", "gra3") { Reverse = "web-1.example.net" },
        new("ns3005678.ip-51-68-56.eu", "51.68.56.78", "rbx8"),
        new("ns5007027.ip-51-222-245.net", "51.222.245.119", "bhs8") { Reverse = "ns5007027.ip-51-222-245.net" },
        new("ks12345.kimsufi.com", "198.51.100.7", "sbg3") { Html5Console = false },
    ];
}
