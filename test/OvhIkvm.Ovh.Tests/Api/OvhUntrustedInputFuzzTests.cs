using System.Net;
using System.Text;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Tests.Support;
using OvhIkvm.Testing;

namespace OvhIkvm.Ovh.Tests.Api;

/// <summary>
/// Seeded fuzzing of the two places where untrusted text meets our code: server ids that go into paths, and OVH
/// bodies that go into error messages. Case count from OVH_IKVM_FUZZ_CASES (default 2000).
/// </summary>
public sealed class OvhUntrustedInputFuzzTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-_/\\?#%&=+:;@!$'()*,~ \t\r\n\0\u007f\u00e9\u202e\uff0f";

    private static int Cases => FuzzCases.Count;

    [Fact]
    public async Task Accepted_service_names_stay_inside_their_path_segment_and_sign_the_url_sent()
    {
        var baseUrl = new Uri("https://eu.api.ovh.com/1.0");
        await Task.Run(
            () =>
            {
                var random = new Random(20261121);
                var accepted = 0;
                for (var i = 0; i < Cases; i++)
                {
                    var name = RandomText(random, Alphabet, random.Next(0, 40));
                    if (!OvhServiceName.IsValid(name))
                    {
                        Assert.Throws<ConsoleException>(() => OvhRoute.Task(name, 7));
                        continue;
                    }

                    accepted++;
                    var route = OvhRoute.Task(name, 7);
                    var uri = route.ToUri(baseUrl);
                    Assert.Equal("https://eu.api.ovh.com/1.0" + route.PathAndQuery, uri.AbsoluteUri);
                    Assert.Equal(["/", "1.0/", "dedicated/", "server/", Uri.EscapeDataString(name) + "/", "task/", "7"], uri.Segments);
                    Assert.Equal(string.Empty, uri.Query);
                    Assert.Equal(string.Empty, uri.Fragment);
                }

                Assert.True(accepted > 0, "the generator never produced a valid name");
            },
            TestContext.Current.CancellationToken).WaitAsync(TestTimeouts.Network, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Any_error_body_becomes_one_bounded_printable_sentence()
    {
        await Task.Run(
            () =>
            {
                var random = new Random(5);
                for (var i = 0; i < Cases; i++)
                {
                    var status = (HttpStatusCode)random.Next(300, 600);
                    var body = RandomBody(random);
                    var queryId = random.Next(3) == 0 ? null : RandomText(random, Alphabet, random.Next(0, 300));

                    var error = OvhErrorTranslator.Translate(HttpMethod.Get, OvhRoute.Servers, status, body, queryId);

                    Assert.True(error.Message.Length < 1000, $"case {i}: {error.Message.Length} characters");
                    Assert.DoesNotContain(error.Message, char.IsControl);
                    Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
                }
            },
            TestContext.Current.CancellationToken).WaitAsync(TestTimeouts.Network, TestContext.Current.CancellationToken);
    }

    private static string RandomBody(Random random)
    {
        var text = RandomText(random, Alphabet + "{}[]\":,", random.Next(0, 2000));
        return random.Next(4) switch
        {
            0 => text,
            1 => $"{{\"errorCode\":\"{Escape(text[..Math.Min(text.Length, 30)])}\",\"message\":\"{Escape(text)}\"}}",
            2 => $"{{\"class\":\"Client::{Escape(text[..Math.Min(text.Length, 20)])}\",\"message\":{(random.Next(2) == 0 ? "null" : "42")}}}",
            _ => Encoding.UTF8.GetString(RandomBytes(random, random.Next(0, 500))),
        };
    }

    private static string Escape(string text) => System.Text.Json.JsonEncodedText.Encode(text).Value;

    private static string RandomText(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
