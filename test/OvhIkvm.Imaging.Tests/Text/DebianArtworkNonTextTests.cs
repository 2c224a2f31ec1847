using OvhIkvm.Imaging.Text;
using OvhIkvm.Testing;
using SkiaSharp;

namespace OvhIkvm.Imaging.Tests.Text;

/// <summary>
/// Real graphical boot screens claim no text: Debian's GRUB backgrounds, Plymouth splash images and login-screen
/// previews (package desktop-base, installed by .ci/run; read from /usr/share, never copied into the repository),
/// each shown on a 1024x768 screen the way a BMC would capture it.
/// </summary>
[Trait("Category", ExternalProgram.Category)]
public sealed class DebianArtworkNonTextTests
{
    private const int ScreenWidth = 1024;
    private const int ScreenHeight = 768;

    // Icons and sprites under this size are parts of a splash, not a screen of their own.
    private const long MinimumFileBytes = 20_000;

    private static readonly string[] ArtworkDirectories = ["/usr/share/desktop-base", "/usr/share/plymouth/themes"];

    [Fact]
    public void No_GRUB_background_splash_or_login_screen_of_Debian_is_read_as_text()
    {
        ExternalProgram.Require("/usr/share/desktop-base/emerald-theme/grub/grub-4x3.png");
        var images = ArtworkDirectories
            .Where(Directory.Exists)
            .SelectMany(directory => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".png", StringComparison.Ordinal) || path.EndsWith(".jpg", StringComparison.Ordinal))
            .Where(path => new FileInfo(path).Length >= MinimumFileBytes)
            // Plymouth's theme folders link into desktop-base's: each picture once.
            .Order(StringComparer.Ordinal)
            .DistinctBy(path => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))))
            .ToList();
        var recogniser = new ConsoleTextRecognizer();

        var claimed = new List<string>();
        foreach (var path in images)
        {
            var text = recogniser.Recognize(OnScreen(path));
            if (text is not null)
            {
                claimed.Add($"{path}: {text.Summary}\n{text.Text}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{images.Count} Debian artwork frames, {claimed.Count} read as text");
        Assert.True(images.Count >= 20, $"only {images.Count} images found under {string.Join(", ", ArtworkDirectories)}");
        Assert.True(claimed.Count == 0, string.Join("\n\n", claimed));
    }

    // The image on a black 1024x768 screen: scaled down to fit when larger (a GRUB background fills the screen),
    // centred at its own size when smaller (a splash logo).
    private static Frame OnScreen(string path)
    {
        using var image = SKBitmap.Decode(path);
        Assert.NotNull(image);
        var scale = Math.Min(1, Math.Min((double)ScreenWidth / image.Width, (double)ScreenHeight / image.Height));
        var width = (int)(image.Width * scale);
        var height = (int)(image.Height * scale);
        var target = SKRect.Create((ScreenWidth - width) / 2, (ScreenHeight - height) / 2, width, height);

        using var screen = new SKBitmap(new SKImageInfo(ScreenWidth, ScreenHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(screen))
        {
            canvas.Clear(SKColors.Black);
            using var picture = SKImage.FromBitmap(image);
            canvas.DrawImage(picture, target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        // On black, premultiplied pixels are the composited colours; alpha is set opaque as a capture's would be.
        var pixels = screen.GetPixelSpan().ToArray();
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        return new Frame(ScreenWidth, ScreenHeight, pixels);
    }
}
