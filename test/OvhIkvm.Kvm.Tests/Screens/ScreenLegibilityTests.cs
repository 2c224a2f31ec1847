using System.Diagnostics;
using OvhIkvm.Imaging.Png;
using OvhIkvm.Simulators.Screens;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Screens;

/// <summary>The font is only worth something if a reader can read it: a real OCR engine reads the rendered screens.</summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class ScreenLegibilityTests
{
    [Fact]
    public async Task Tesseract_reads_the_login_prompt()
    {
        var text = await RecogniseAsync(DemoScreenKind.LoginPrompt, "ns1234567");

        Assert.Contains("ns1234567 login:", text, StringComparison.Ordinal);
        Assert.Contains("Debian GNU/Linux 12", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tesseract_reads_the_firmware_banner_of_the_bios_screen()
    {
        var text = await RecogniseAsync(DemoScreenKind.BiosPost, "ns1234567");

        Assert.Contains("Intel(R) Xeon(R) E-2386G CPU @ 3.50GHz", text, StringComparison.Ordinal);
        Assert.Contains("Copyright (C) 2024", text, StringComparison.Ordinal);
    }

    private static async Task<string> RecogniseAsync(DemoScreenKind kind, string hostName)
    {
        var tesseract = ExternalProgram.Require("tesseract");
        var directory = Directory.CreateTempSubdirectory("ovh-ikvm-screens-");
        try
        {
            var png = Path.Combine(directory.FullName, $"{kind}.png");
            await File.WriteAllBytesAsync(png, PngEncoder.Encode(DemoScreens.Render(kind, hostName)), TestContext.Current.CancellationToken);

            // OMP_THREAD_LIMIT=1: tesseract's thread pool only slows it down on a loaded two-core machine.
            var start = new ProcessStartInfo(tesseract, [png, "stdout"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["OMP_THREAD_LIMIT"] = "1" },
            };
            using var process = Process.Start(start)!;
            var cancellation = TestTimeouts.Within(TimeSpan.FromSeconds(120));
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellation);
                var errors = process.StandardError.ReadToEndAsync(cancellation);
                await process.WaitForExitAsync(cancellation);
                Assert.True(process.ExitCode == 0, $"tesseract failed: {await errors}");
                return await output;
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
