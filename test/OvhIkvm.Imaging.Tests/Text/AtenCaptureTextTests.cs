using OvhIkvm.Imaging.Aspeed;
using OvhIkvm.Imaging.Tests.Aspeed;
using OvhIkvm.Imaging.Text;
using OvhIkvm.Testing;

namespace OvhIkvm.Imaging.Tests.Text;

/// <summary>
/// The real Supermicro ATEN capture: a lossy ASPEED 4:2:0 frame from a real BMC, read against the transcript a
/// developer wrote by reading the picture (test/fixtures/ami/aten-ast2100-frame4.txt).
/// </summary>
public sealed class AtenCaptureTextTests
{
    [Fact]
    public void Reads_at_least_99_5_percent_of_the_characters_of_the_real_capture()
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(new AspeedFrameParameters(1024, 768, Mode420: true, TableSelector: 5), AspeedFixtureTests.AtenBitstream());
        var transcript = System.Text.Encoding.UTF8.GetString(TestFixtures.Read("ami", "aten-ast2100-frame4.txt")).TrimEnd('\n').Split('\n');

        var text = new ConsoleTextRecognizer().Recognize(decoder.ToFrame());

        Assert.NotNull(text);
        Assert.Equal(new TextGrid(8, 16, 0, 0, 128, 48), text.Grid);
        Assert.Equal("VGA 8x16", text.FontName);
        var accuracy = TextAgreement.Of(transcript, text.Rows).Share;
        Assert.True(accuracy >= 0.995, $"{accuracy:P2}; {text.Summary}\n{text.Text}");
        // The one cell it cannot read is the underline cursor, which is no glyph: shown as U+FFFD and counted.
        Assert.Equal(1, text.UnmatchedCells);
        Assert.Equal("^Fdata\uFFFD", text.Rows[47]);
    }
}
