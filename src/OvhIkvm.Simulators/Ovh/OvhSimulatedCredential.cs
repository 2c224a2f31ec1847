namespace OvhIkvm.Simulators.Ovh;

/// <summary>A consumer key the simulated account knows, with the state and rules <c>GET /auth/currentCredential</c> reports.</summary>
internal sealed class OvhSimulatedCredential(long credentialId, string consumerKey, IReadOnlyList<string>? accessRules, DateTimeOffset creation)
{
    /// <summary>What a key created with no restriction holds, as the API console's default.</summary>
    public static IReadOnlyList<string> AllCalls { get; } = ["GET /*", "POST /*", "PUT /*", "DELETE /*"];

    public long CredentialId { get; } = credentialId;

    public string ConsumerKey { get; } = consumerKey;

    /// <summary>"METHOD /path" rules; null allows every call.</summary>
    public IReadOnlyList<string>? AccessRules { get; } = accessRules;

    public DateTimeOffset Creation { get; } = creation;

    public string State { get; set; } = "pendingValidation";

    public DateTimeOffset? Expiration { get; set; }

    public DateTimeOffset? LastUse { get; set; }

    /// <summary>The state at <paramref name="now"/>: a validated key past its expiration is expired.</summary>
    public string StateAt(DateTimeOffset now) => State == "validated" && Expiration <= now ? "expired" : State;
}
