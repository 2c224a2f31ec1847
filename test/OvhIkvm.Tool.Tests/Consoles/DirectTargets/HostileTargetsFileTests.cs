using System.Diagnostics;
using System.Text;
using OvhIkvm.Consoles;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Consoles.DirectTargets;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Consoles.DirectTargets;

/// <summary>
/// Targets files that are wrong in the ways people and tools get them wrong: each must give one precise sentence at
/// once, never a crash, a hang, a multi-gigabyte read or a silently ignored mistake.
/// </summary>
public sealed class HostileTargetsFileTests
{
    private static readonly Dictionary<string, string?> Environment = new() { ["EMPTY_PASSWORD"] = string.Empty, ["BMC_PASSWORD"] = "pw" };

    [Theory]
    [InlineData("""{"targets": null}""", "\"targets\" must be an array of target objects, not null")]
    [InlineData("""{"targets": {}}""", "\"targets\" must be an array of target objects, not an object")]
    [InlineData("""{"targets": [null]}""", "target #1 must be an object, not null")]
    [InlineData("""{"targets": [{"id":"a","type":"vnc","url":"ws://h"}, 7]}""", "target #2 must be an object, not a number")]
    [InlineData("""null""", "it must be an object with a \"targets\" array, not null")]
    [InlineData("""{}""", "it has no \"targets\" array")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"ws://h","url":"ws://elsewhere"}]}""", "target #1 gives \"url\" twice; keep one")]
    [InlineData("""{"targets":[],"targets":[{"id":"a","type":"vnc","url":"ws://h"}]}""", "the file gives \"targets\" twice; keep one")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"ws://h","password":""}]}""", "\"password\" is empty")]
    [InlineData("""{"targets":[{"id":"lab\nvm","type":"vnc","url":"ws://h"}]}""", "target #1: \"id\" 'lab vm' may contain only ASCII letters, digits, '.', '-' and '_'")]
    [InlineData("""{"targets":[{"id":"lab\u202Emv","type":"vnc","url":"ws://h"}]}""", "\"id\" 'lab<U+202E>mv' may contain only ASCII letters")]
    [InlineData("""{"targets":[{"id":"a","name":"evil\u202Egnp.exe","type":"vnc","url":"ws://h"}]}""", "\"name\" contains a control or formatting character ('evil<U+202E>gnp.exe')")]
    [InlineData("""{"targets":[{"id":"a","type":"vnc","url":"ws://h","acceptSelfSignedCertificate":"yes"}]}""", "\"acceptSelfSignedCertificate\" must be true or false, not a string")]
    [InlineData("""{"targets":[{"id":7,"type":"vnc","url":"ws://h"}]}""", "target #1: \"id\" must be a string, not a number")]
    [InlineData("""{"targets":[{"id":"a","type":"ami","url":"https://admin:hunter2@h","username":"u","passwordEnv":"BMC_PASSWORD"}]}""", "target 'a': \"url\" must not carry a user or password")]
    public void A_wrong_shape_is_named_precisely(string content, string expected)
    {
        using var file = new TempFile("targets.json", content);

        var error = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(file.Path, Environment));

        Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\u202E', error.Message);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_of_300_characters_is_reported_as_too_long_not_as_missing()
    {
        using var file = new TempFile("targets.json", $$"""{"targets":[{"id":"{{new string('a', 300)}}","type":"vnc","url":"ws://h"}]}""");

        var error = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(file.Path, Environment));

        Assert.Contains("target #1: \"id\" is 300 characters long; at most 255", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        using var file = new TempFile("targets.json");
        File.WriteAllText(file.Path, """{"targets":[{"id":"lab","type":"vnc","url":"ws://h"}]}""", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(file.Path)[0]);

        var target = Assert.Single(DirectTargetsLoader.Load(file.Path, Environment));

        Assert.Equal("lab", target.Server.Id);
    }

    [Fact]
    public void A_directory_is_reported_as_a_directory()
    {
        using var file = new TempFile("targets.json");

        var error = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(file.Folder, Environment));

        Assert.Contains("it is a directory; name the JSON file itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_zero_is_refused_after_reading_one_byte_not_four_gigabytes()
    {
        var (error, allocated) = await Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var refused = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load("/dev/zero", Environment));
            return (refused, GC.GetAllocatedBytesForCurrentThread() - before);
        }).WaitAsync(TestTimeouts.Within(TestTimeouts.Network));

        Assert.Contains("it is not a regular file (a device", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public async Task A_fifo_nobody_writes_to_is_refused_at_once_instead_of_hanging()
    {
        using var folder = new TempFile("unused");
        var fifo = Path.Combine(folder.Folder, "targets.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var load = Task.Run(() => Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(fifo, Environment)));
        try
        {
            var error = await load.WaitAsync(TestTimeouts.Within(TestTimeouts.Network));

            Assert.Contains("it is not a regular file (a pipe, socket or terminal)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (!load.IsCompleted)
            {
                // Release a reader stuck in open(2), so a failing run does not leave a blocked thread behind.
                await File.WriteAllTextAsync(fifo, "{}", CancellationToken.None);
            }
        }
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_without_parsing_it()
    {
        using var file = new TempFile("targets.json", new string(' ', TargetsFileReader.MaxBytes + 1));

        var error = Assert.Throws<ConsoleConfigurationException>(() => DirectTargetsLoader.Load(file.Path, Environment));

        Assert.Contains("larger than 1024 KiB", error.Message, StringComparison.Ordinal);
    }
}
