using System.Net;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>What is kept of a BMC's HTTP answer once its body has been read.</summary>
internal sealed record BmcHttpResponse(HttpStatusCode StatusCode, string? ContentType, IReadOnlyList<string> SetCookies, Uri? Location, string Body)
{
    public BmcHttpResponse(HttpResponseMessage response, string body)
        : this(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [],
            response.Headers.Location,
            body)
    {
    }

    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;
}
