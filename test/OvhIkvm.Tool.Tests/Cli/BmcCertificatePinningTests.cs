using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OvhIkvm.Simulators.Bmc;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Demo;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Cli;

/// <summary>
/// A BMC with its factory self-signed certificate, served over real TLS on loopback: doctor shows the fingerprint it
/// sees, a pin of that fingerprint lets screenshots through, and any other certificate is refused before the password
/// is sent.
/// </summary>
public sealed class BmcCertificatePinningTests
{
    private const string PasswordVariable = "PINNED_BMC_PASSWORD";

    [Fact]
    public async Task Doctor_prints_the_fingerprint_of_an_untrusted_bmc_certificate_without_logging_in()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var bmc = await StartBmcAsync(certificate);
        using var targets = TargetsFile(bmc, extra: string.Empty);

        var run = await RunAsync(["doctor", "--targets", targets.Path], bmc);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            $"FAIL target lab-bmc: {bmc.BaseUrl.Authority} presents a certificate this system does not trust, SHA-256 {Fingerprint(certificate)}; " +
            $"if it is the BMC's own (compare with the fingerprint its web interface shows), add \"certificateSha256\": \"{Fingerprint(certificate)}\"",
            run.Output,
            StringComparison.Ordinal);
        Assert.Empty(bmc.Requests);
    }

    [Fact]
    public async Task A_pinned_self_signed_bmc_gives_a_screenshot_and_doctor_confirms_the_pin()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var bmc = await StartBmcAsync(certificate);
        var plainLowerCase = Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
        using var targets = TargetsFile(bmc, $",\"certificateSha256\":\"{plainLowerCase}\"");
        var png = Path.Combine(targets.Folder, "lab.png");

        var screenshot = await RunAsync(["screenshot", "lab-bmc", "-o", png, "--targets", targets.Path], bmc);
        var doctor = await RunAsync(["doctor", "--targets", targets.Path], bmc);

        Assert.True(screenshot.ExitCode == 0, screenshot.Error);
        Assert.True(File.Exists(png));
        Assert.Equal(0, doctor.ExitCode);
        Assert.Contains($"OK   target lab-bmc: {bmc.BaseUrl.Authority} presents the pinned certificate, SHA-256 {Fingerprint(certificate)}", doctor.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_certificate_than_the_pinned_one_is_refused_before_the_password_is_sent()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        using var expected = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var bmc = await StartBmcAsync(certificate);
        using var targets = TargetsFile(bmc, $",\"certificateSha256\":\"{Fingerprint(expected)}\"");
        var png = Path.Combine(targets.Folder, "lab.png");

        var run = await RunAsync(["screenshot", "lab-bmc", "-o", png, "--targets", targets.Path], bmc);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            $"its certificate's SHA-256 fingerprint is {Fingerprint(certificate)}, not the pinned {Fingerprint(expected)}",
            run.Error,
            StringComparison.Ordinal);
        Assert.False(File.Exists(png));
        Assert.Empty(bmc.Requests);
    }

    [Fact]
    public async Task Accept_self_signed_still_works_and_doctor_recommends_the_pin_instead()
    {
        using var certificate = SelfSignedCertificates.ForIp("127.0.0.1");
        await using var bmc = await StartBmcAsync(certificate);
        using var targets = TargetsFile(bmc, ",\"acceptSelfSignedCertificate\":true");

        var run = await RunAsync(["doctor", "--targets", targets.Path], bmc);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"WARN target lab-bmc: {bmc.BaseUrl.Authority} presents SHA-256 {Fingerprint(certificate)}", run.Output, StringComparison.Ordinal);
        Assert.Contains($"replace the opt-in with \"certificateSha256\": \"{Fingerprint(certificate)}\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_bmc_is_refused_unless_the_target_opts_in_and_doctor_warns_about_it()
    {
        await using var bmc = await BmcSimulator.StartAsync(
            new BmcSimulatorOptions(), new DemoScreenSource(DemoScreenKind.LoginPrompt, "lab"), TestContext.Current.CancellationToken);
        using var refusedFile = TargetsFile(bmc, string.Empty);
        using var allowedFile = TargetsFile(bmc, ",\"allowInsecureHttp\":true");

        var refused = await RunAsync(["screenshot", "lab-bmc", "-o", Path.Combine(refusedFile.Folder, "x.png"), "--targets", refusedFile.Path], bmc);
        var doctor = await RunAsync(["doctor", "--targets", allowedFile.Path], bmc);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("since over http:// the BMC password would travel in clear", refused.Error, StringComparison.Ordinal);
        Assert.Empty(bmc.Requests);
        Assert.Contains("WARN target lab-bmc: AMI BMC at", doctor.Output, StringComparison.Ordinal);
        Assert.Contains("its password travels in clear", doctor.Output, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Doctor_warns_about_a_password_in_a_targets_file_that_other_users_can_read()
    {
        using var targets = new TempFile("targets.json", """{"targets":[{"id":"lab","type":"vnc","url":"ws://127.0.0.1:5700","password":"in-the-file"}]}""");
        File.SetUnixFileMode(targets.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var readable = await CliRunner.RunAsync(["doctor", "--targets", targets.Path], new Dictionary<string, string?>(), TestTimeouts.Within(TestTimeouts.Network));
        File.SetUnixFileMode(targets.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var privateFile = await CliRunner.RunAsync(["doctor", "--targets", targets.Path], new Dictionary<string, string?>(), TestTimeouts.Within(TestTimeouts.Network));

        Assert.Contains("it holds passwords and other users can read it (mode 644): name environment variables with \"passwordEnv\" instead, or chmod 600 it", readable.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("in-the-file", readable.Output, StringComparison.Ordinal);
        Assert.Contains("OK   targets file:", privateFile.Output, StringComparison.Ordinal);
    }

    private static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)));

    private static Task<BmcSimulator> StartBmcAsync(X509Certificate2 certificate) => BmcSimulator.StartAsync(
        new BmcSimulatorOptions { Certificate = certificate },
        new DemoScreenSource(DemoScreenKind.LoginPrompt, "lab"),
        TestContext.Current.CancellationToken);

    private static TempFile TargetsFile(BmcSimulator bmc, string extra) => new("targets.json", $$"""
        {"targets":[{"id":"lab-bmc","type":"ami","url":"{{bmc.BaseUrl.AbsoluteUri}}","username":"{{bmc.Options.Username}}","passwordEnv":"{{PasswordVariable}}"{{extra}}}]}
        """);

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, BmcSimulator bmc) =>
        CliRunner.RunAsync(args, new Dictionary<string, string?> { [PasswordVariable] = bmc.Options.Password }, TestTimeouts.Within(TestTimeouts.Network));
}
