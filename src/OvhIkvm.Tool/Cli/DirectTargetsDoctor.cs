using OvhIkvm.Consoles;
using OvhIkvm.Tool.Consoles.DirectTargets;

namespace OvhIkvm.Tool.Cli;

/// <summary>
/// The doctor's checks of the targets file: that it loads, and for each AMI BMC and wss:// VNC server the certificate it
/// presents, with the fingerprint to pin. A user can compare that fingerprint with the one the BMC's own web page or console shows before
/// trusting it, which is what makes a pin safer than accepting any certificate.
/// </summary>
internal static class DirectTargetsDoctor
{
    private const string BmcOwnCertificate = "the BMC's own (compare with the fingerprint its web interface shows)";

    private const string VncServerOwnCertificate =
        "the VNC server's own (compare with what `openssl x509 -noout -fingerprint -sha256 -in cert.pem` prints for the certificate its websockify was given)";

    public static async Task ReportAsync(DoctorChecklist checklist, string path, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        IReadOnlyList<DirectTarget> targets;
        try
        {
            targets = DirectTargetsLoader.Load(path, environment);
        }
        catch (ConsoleConfigurationException ex)
        {
            await checklist.FailAsync("targets file", ex.Message).ConfigureAwait(false);
            return;
        }

        var summary = $"{UntrustedText.Printable(path, 1024)}: {targets.Count} target{(targets.Count == 1 ? string.Empty : "s")}";
        await (ReadableByOthers(path, targets) is { } mode
            ? checklist.WarnAsync(
                "targets file",
                $"{summary}; it holds passwords and other users can read it (mode {mode}): name environment variables with \"passwordEnv\" instead, or chmod 600 it")
            : checklist.OkAsync("targets file", summary)).ConfigureAwait(false);
        foreach (var target in targets)
        {
            var check = $"target {target.Server.Id}";
            await (target.Endpoint switch
            {
                AmiBmcEndpoint { BaseUrl.Scheme: "http" } ami => checklist.WarnAsync(
                    check,
                    $"AMI BMC at {ami.BaseUrl.Authority} over plain http (allowInsecureHttp): its password travels in clear; use https:// if the BMC offers it"),
                AmiBmcEndpoint ami => ReportCertificateAsync(
                    checklist, check, ami.BaseUrl, ami.PinnedCertificate, ami.AcceptSelfSignedCertificate, BmcOwnCertificate, cancellationToken),
                VncEndpoint { Address.Scheme: "wss" } vnc => ReportCertificateAsync(
                    checklist, check, vnc.Address, vnc.PinnedCertificate, acceptsSelfSigned: false, VncServerOwnCertificate, cancellationToken),
                VncEndpoint vnc => checklist.OkAsync(check, $"VNC console at {vnc.Address.Scheme}://{vnc.Address.Authority} (not contacted)"),
                null => checklist.FailAsync(check, $"cannot be opened: {target.Server.Problem}"),
                _ => Task.CompletedTask,
            }).ConfigureAwait(false);
        }
    }

    /// <summary>The file's permissions in octal when it holds a password that users other than its owner can read.</summary>
    private static string? ReadableByOthers(string path, IReadOnlyList<DirectTarget> targets)
    {
        if (OperatingSystem.IsWindows() || !targets.Any(t => t.PasswordInFile))
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) == 0
            ? null
            : Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
    }

    /// <summary>
    /// Compares the certificate the server presents with the pin, the system's trust and the self-signed opt-in;
    /// <paramref name="whoseOwn"/> completes "if it is …": how the user checks that an untrusted certificate is the server's.
    /// </summary>
    private static async Task ReportCertificateAsync(
        DoctorChecklist checklist,
        string check,
        Uri address,
        CertificateFingerprint? pinned,
        bool acceptsSelfSigned,
        string whoseOwn,
        CancellationToken cancellationToken)
    {
        var host = address.Authority;
        PresentedCertificate seen;
        try
        {
            seen = await TlsCertificateProbe.ProbeAsync(address, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsoleException ex)
        {
            await checklist.FailAsync(check, ex.Message).ConfigureAwait(false);
            return;
        }

        var pinText = $"\"certificateSha256\": \"{seen.Fingerprint}\"";
        await (pinned switch
        {
            { } pin when pin.Equals(seen.Fingerprint) => checklist.OkAsync(
                check,
                $"{host} presents the pinned certificate, SHA-256 {seen.Fingerprint}"),
            { } pin => checklist.FailAsync(
                check,
                $"{host} presents a certificate with SHA-256 {seen.Fingerprint}, not the pinned {pin}; if its certificate was replaced, check the new one and update \"certificateSha256\""),
            _ when seen.TrustedBySystem => checklist.OkAsync(check, $"{host} presents a certificate this system trusts, SHA-256 {seen.Fingerprint}"),
            _ when acceptsSelfSigned => checklist.WarnAsync(
                check,
                $"{host} presents SHA-256 {seen.Fingerprint}, and acceptSelfSignedCertificate would accept any other; once you have checked that it is the BMC's, replace the opt-in with {pinText}"),
            _ => checklist.FailAsync(
                check,
                $"{host} presents a certificate this system does not trust, SHA-256 {seen.Fingerprint}; if it is {whoseOwn}, add {pinText}"),
        }).ConfigureAwait(false);
    }
}
