using System.Net;
using OvhIkvm.Consoles;

namespace OvhIkvm.Ovh.Api;

/// <summary>An OVH API call failed. The message says what to do; it never holds a key, a signature or a viewer URL.</summary>
internal sealed class OvhApiException : ConsoleException
{
    /// <summary>OVH answered, with an error.</summary>
    public OvhApiException(OvhFailure failure, string message, HttpStatusCode statusCode, string? queryId)
        : base(message)
    {
        Failure = failure;
        StatusCode = statusCode;
        QueryId = queryId;
    }

    /// <summary>No usable answer came back (timeout, network, oversized body).</summary>
    public OvhApiException(OvhFailure failure, string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public OvhFailure Failure { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>OVH's <c>X-Ovh-QueryID</c>, which OVH support asks for.</summary>
    public string? QueryId { get; }

    /// <summary>Failures that may clear up by themselves, so that polling a task may carry on through them.</summary>
    public bool IsTransient => Failure is OvhFailure.NotFound or OvhFailure.ServerError or OvhFailure.RateLimited
        or OvhFailure.Timeout or OvhFailure.Unreachable or OvhFailure.UnexpectedAnswer;
}
