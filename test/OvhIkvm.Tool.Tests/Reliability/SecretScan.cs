using System.Text.RegularExpressions;
using ModelContextProtocol.Protocol;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>Looks for secrets in what a user or a log reader would see.</summary>
internal static partial class SecretScan
{
    /// <summary>
    /// A viewer URL is a secret as a whole, and so is its token, which the BMC also takes as the QSESSIONID cookie
    /// of the web session it opens.
    /// </summary>
    public static IEnumerable<string> ViewerSecrets(IEnumerable<string> viewerUrls)
    {
        foreach (var url in viewerUrls)
        {
            yield return url;
            var match = TokenParameter().Match(url);
            if (match.Success)
            {
                yield return match.Groups["value"].Value;
            }
        }
    }

    /// <summary>Every text a result carries (images are pixels, they cannot quote a secret).</summary>
    public static IEnumerable<string> TextOf(CallToolResult result) =>
        result.Content.OfType<TextContentBlock>().Select(t => t.Text);

    /// <summary>
    /// No known secret anywhere, and nothing shaped like a credential whose value was not known in advance
    /// (a session cookie or CSRF token the BMC minted, a token parameter, an OVH signature).
    /// </summary>
    public static void AssertClean(IReadOnlyCollection<string> secrets, IReadOnlyCollection<string> outputs)
    {
        Assert.All(secrets, secret => Assert.True(secret.Length >= 8, "a secret too short to scan for"));
        Assert.NotEmpty(outputs);
        foreach (var output in outputs)
        {
            foreach (var secret in secrets)
            {
                Assert.False(output.Contains(secret, StringComparison.Ordinal), $"a secret leaked into: {Redact(output, secret)}");
            }

            Assert.False(CredentialShape().IsMatch(output), $"something shaped like a credential leaked into: {output}");
        }
    }

    private static string Redact(string output, string secret) => output.Replace(secret, "<SECRET>", StringComparison.Ordinal);

    [GeneratedRegex(@"[?&]token=(?<value>[^&#]+)")]
    private static partial Regex TokenParameter();

    [GeneratedRegex(@"QSESSIONID\s*=\s*\w|garc\s*[=:]\s*\w|X-CSRFTOKEN\s*:\s*\w|[?&]token=\w|\$1\$[0-9a-f]{8}", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialShape();
}
