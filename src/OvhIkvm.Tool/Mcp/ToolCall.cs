using System.Globalization;
using ModelContextProtocol;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Mcp;

/// <summary>
/// One tool call's deadline and progress. <see cref="Token"/> ends at the client's cancellation or at the call
/// timeout, whichever comes first; pipeline progress is forwarded to the client, and repeated every
/// <see cref="ToolCallOptions.HeartbeatInterval"/> while nothing new happens, so a long wait (an OVH grant takes
/// minutes) never looks like a hang and resets the client's own timeout where it supports that.
/// </summary>
internal sealed class ToolCall : IProgress<ConsoleProgress>, IDisposable
{
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly ProgressReporter _reporter;
    private readonly TimeProvider _time;
    private readonly ITimer _heartbeat;
    private readonly Lock _gate = new();
    private ConsoleProgress _last;
    private long _lastAt;

    public ToolCall(string waitingFor, TimeSpan limit, TimeProvider time, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        _time = time;
        _callerToken = cancellationToken;
        Limit = limit;
        _deadline = new CancellationTokenSource(limit, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        _reporter = new ProgressReporter(progress);
        _last = new ConsoleProgress(waitingFor, TimeSpan.Zero);
        _lastAt = time.GetTimestamp();
        _heartbeat = time.CreateTimer(_ => Beat(), null, ToolCallOptions.HeartbeatInterval, ToolCallOptions.HeartbeatInterval);
    }

    /// <summary>Cancelled by the client or by the deadline.</summary>
    public CancellationToken Token => _linked.Token;

    public TimeSpan Limit { get; }

    /// <summary>True when the call timeout, not the client, ended the call.</summary>
    public bool Expired => _deadline.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>The last step the pipeline reported: what the call was waiting for.</summary>
    public string Stage
    {
        get
        {
            lock (_gate)
            {
                return _last.Stage;
            }
        }
    }

    /// <summary>The limit for a sentence, e.g. "45 s".</summary>
    public string DescribeLimit() => string.Create(CultureInfo.InvariantCulture, $"{Limit.TotalSeconds:0} s");

    public void Report(ConsoleProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            _last = value;
            _lastAt = _time.GetTimestamp();
        }

        _reporter.Report(value);
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        _linked.Dispose();
        _deadline.Dispose();
    }

    private void Beat()
    {
        ConsoleProgress again;
        lock (_gate)
        {
            // The step's own clock carries on: "waiting for OVH task 7: doing (25s elapsed)".
            again = _last with { Elapsed = _last.Elapsed + _time.GetElapsedTime(_lastAt) };
        }

        _reporter.Report(again);
    }
}
