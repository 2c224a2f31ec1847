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
    public void Reads_every_character_of_the_real_capture_and_finds_its_cursor()
    {
        var decoder = new AspeedDecoder(FrameLimits.Default);
        decoder.Decode(new AspeedFrameParameters(1024, 768, Mode420: true, TableSelector: 5), AspeedFixtureTests.AtenBitstream());
        var transcript = System.Text.Encoding.UTF8.GetString(TestFixtures.Read("ami", "aten-ast2100-frame4.txt")).TrimEnd('\n').Split('\n');

        var text = new ConsoleTextRecognizer().Recognize(decoder.ToFrame());

        Assert.NotNull(text);
        Assert.Equal(new TextGrid(8, 16, 0, 0, 128, 48), text.Grid);
        Assert.Equal("VGA 8x16", text.FontName);
        var agreement = TextAgreement.Of(transcript, text.Rows);
        Assert.True(agreement.Share == 1, $"{agreement.Agreeing}/{agreement.Compared}; {text.Summary}\n{TextAgreement.Differences(transcript, text.Rows)}");
        Assert.Equal(360, agreement.Compared);
        // fbcon's underline cursor (the cell's last 2 rows) stands on the blank after "^Fdata": no character, no miss.
        Assert.Equal(0, text.UnmatchedCells);
        Assert.Equal(360, text.TextCells);
        Assert.Equal(new ConsoleCursor(47, 6), text.Cursor);
        Assert.Equal("^Fdata", text.Rows[47]);
    }
}
