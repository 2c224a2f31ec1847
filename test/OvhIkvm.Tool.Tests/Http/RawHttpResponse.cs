namespace OvhIkvm.Tool.Tests.Http;

/// <summary>A response as it came off the socket: status, head and body text.</summary>
internal sealed record RawHttpResponse(int Status, string Head, string Body)
{
    public static RawHttpResponse Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var statusLine = head.Split("\r\n")[0].Split(' ');
        return new RawHttpResponse(int.Parse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture), head, split < 0 ? "" : text[(split + 4)..]);
    }
}
