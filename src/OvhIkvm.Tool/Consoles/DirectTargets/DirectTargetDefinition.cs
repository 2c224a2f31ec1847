namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>One entry of the targets file, as written by the user (validated into a <see cref="DirectTarget"/>).</summary>
internal sealed record DirectTargetDefinition
{
    /// <summary>The position in the file (from 1), to name the entry before its id is known to be valid.</summary>
    public required int Number { get; init; }

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

    /// <summary>The SHA-256 fingerprint of the BMC's certificate (colon-separated or plain hex): the one certificate accepted.</summary>
    public string? CertificateSha256 { get; init; }

    /// <summary>Lets an AMI target use http://, which sends the BMC password in clear.</summary>
    public bool AllowInsecureHttp { get; init; }
}
