using System.Net;
using OvhIkvm.Ovh.Api;

namespace OvhIkvm.Ovh.Tests.Api;

public sealed class OvhErrorTranslatorTests
{
    [Theory]
    [InlineData(403, "{\"errorCode\":\"NOT_GRANTED_CALL\",\"httpCode\":\"403 Forbidden\",\"message\":\"This call has not been granted\"}", "NotGranted", "POST /dedicated/server/*/features/ipmi/access")]
    [InlineData(403, "{\"class\":\"Client::Forbidden\",\"message\":\"User not granted for this request\"}", "NotGranted", "access rules include")]
    [InlineData(403, "{\"errorCode\":\"INVALID_CREDENTIAL\",\"httpCode\":\"403 Forbidden\",\"message\":\"This credential is not valid\"}", "InvalidCredential", "generate a new consumer key")]
    [InlineData(403, "{\"errorCode\":\"NOT_CREDENTIAL\",\"message\":\"This credential does not exist\"}", "InvalidCredential", "OVH_CONSUMER_KEY")]
    [InlineData(403, "{\"errorCode\":\"INVALID_KEY\",\"message\":\"Invalid application key\"}", "InvalidApplicationKey", "OVH_APPLICATION_KEY")]
    [InlineData(400, "{\"errorCode\":\"INVALID_SIGNATURE\",\"httpCode\":\"400 Bad Request\",\"message\":\"Invalid signature\"}", "InvalidSignature", "OVH_APPLICATION_SECRET")]
    [InlineData(400, "{\"errorCode\":\"QUERY_TIME_OUT\",\"message\":\"Query out of time\"}", "StaleTimestamp", "clock")]
    [InlineData(404, "{\"class\":\"Client::NotFound\",\"message\":\"This service does not exist\"}", "NotFound", "This service does not exist")]
    [InlineData(409, "{\"class\":\"Client::Conflict\",\"message\":\"busy\"}", "Conflict", "busy")]
    [InlineData(429, "", "RateLimited", "wait a minute")]
    [InlineData(503, "<html><body><p>test</p></body></html>", "ServerError", "HTTP 503")]
    [InlineData(500, "{not json", "ServerError", "HTTP 500")]
    [InlineData(460, "{\"message\":\"requested resource expired\"}", "Rejected", "requested resource expired")]
    public void Both_body_shapes_and_non_json_bodies_map_to_actionable_errors(int status, string body, string failure, string expectedText)
    {
        var error = OvhErrorTranslator.Translate(HttpMethod.Post, OvhRoute.IpmiAccess("ns1.x"), (HttpStatusCode)status, body, "EU.ext-3.65e35d7b");

        Assert.Equal(Enum.Parse<OvhFailure>(failure), error.Failure);
        Assert.Contains(expectedText, error.Message, StringComparison.Ordinal);
        Assert.Contains("EU.ext-3.65e35d7b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_error_text_is_shortened_and_cannot_forge_lines()
    {
        var body = "{\"class\":\"Client::BadRequest\",\"message\":\"line1\\nline2" + new string('x', 5000) + "\"}";

        var error = OvhErrorTranslator.Translate(HttpMethod.Get, OvhRoute.Servers, HttpStatusCode.BadRequest, body, queryId: null);

        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Message.Length < 500, error.Message);
    }
}
