using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OvhIkvm.Testing;

/// <summary>
/// The hosts this process starts an HTTP request to or resolves a name for, as the runtime's own network telemetry
/// reports them (the <c>System.Net.Http</c> and <c>System.Net.NameResolution</c> event sources). A test proves with it
/// that nothing tried to reach a host, including one that does not exist, where a listener could never see the attempt.
/// An in-process listener is called on the thread that raises the event, so an attempt made before an assertion is
/// recorded before it. Other tests run alongside: ask about a host name only this test uses.
/// </summary>
public sealed class NetworkAttempts : EventListener
{
    private readonly ConcurrentQueue<string> _hosts = new();

    /// <summary>Whether anything in this process tried to reach <paramref name="host"/> since this listener was created.</summary>
    public bool Reached(string host) => _hosts.Any(seen => string.Equals(seen, host, StringComparison.OrdinalIgnoreCase));

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name is "System.Net.Http" or "System.Net.NameResolution")
        {
            EnableEvents(eventSource, EventLevel.Informational, EventKeywords.All);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var field = eventData.EventName switch
        {
            "RequestStart" => "host",
            "ResolutionStart" => "hostNameOrAddress",
            _ => null,
        };
        var index = field is null || eventData.PayloadNames is null ? -1 : eventData.PayloadNames.IndexOf(field);
        if (index >= 0 && eventData.Payload?[index] is string host)
        {
            // Only the host is kept: a request's path and query may carry a token.
            _hosts.Enqueue(host);
        }
    }
}
