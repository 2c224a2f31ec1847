using System.Text.Json.Serialization;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>One entry of the targets file, as written by the user (validated into a <see cref="DirectTarget"/>).</summary>
internal sealed record DirectTargetDefinition
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    /// <summary>"vnc" (ws://, wss://, vnc://) or "ami" (an AMI MegaRAC / ASRockRack BMC web address).</summary>
    public string? Type { get; init; }

    public string? Url { get; init; }

    public string? Username { get; init; }

    /// <summary>The password itself. Prefer <see cref="PasswordEnv"/> so the file holds no secret.</summary>
    public string? Password { get; init; }

    /// <summary>The name of an environment variable that holds the password.</summary>
    public string? PasswordEnv { get; init; }

    public bool AcceptSelfSignedCertificate { get; init; }
}

internal sealed record DirectTargetsFile
{
    [JsonRequired]
    public IReadOnlyList<DirectTargetDefinition> Targets { get; init; } = [];
}
