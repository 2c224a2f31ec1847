using Microsoft.Extensions.Logging;

namespace OvhIkvm.Kvm.Ami.Web;

/// <summary>
/// Ends web sessions in the background, so that a screenshot is handed over as soon as its frame is captured instead
/// of after a logout a slow BMC may take seconds to answer. Each logout is bounded by
/// <see cref="AmiSessionOptions.LogoutTimeout"/>; disposing this (the process shutting down) waits for those still
/// running, so a CLI run does not exit with the BMC's session table still holding our session.
/// </summary>
internal sealed partial class BmcLogouts(ILogger logger) : IAsyncDisposable, IDisposable
{
    /// <summary>Scheduling slack on top of the logout timeout when the process waits at shutdown.</summary>
    private static readonly TimeSpan ShutdownSlack = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];
    private TimeSpan _longestTimeout;

    /// <summary>Logs <paramref name="web"/> out (when this tool opened it), then disposes <paramref name="http"/>, whatever happens.</summary>
    public void Start(BmcWebSession web, BmcHttpClient http, TimeSpan logoutTimeout)
    {
        ArgumentNullException.ThrowIfNull(web);
        ArgumentNullException.ThrowIfNull(http);
        var logout = Task.Run(() => EndAsync(web, http));
        lock (_gate)
        {
            _longestTimeout = logoutTimeout > _longestTimeout ? logoutTimeout : _longestTimeout;
            _running.Add(logout);
        }

        _ = logout.ContinueWith(Forget, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        Task[] running;
        TimeSpan bound;
        lock (_gate)
        {
            running = [.. _running];
            bound = _longestTimeout + ShutdownSlack;
        }

        if (running.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(bound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Each logout carries its own timeout, so this only trips on a starved machine: do not hold the exit longer.
            LogShutdownGaveUp(logger, running.Length);
        }
    }

    /// <summary>For hosts that dispose synchronously; the same bounded wait.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task EndAsync(BmcWebSession web, BmcHttpClient http)
    {
        try
        {
            await web.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Nobody awaits a background logout: whatever it throws is logged, and the client is still disposed.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogLogoutCrashed(logger, http.Host, exception.GetType().Name);
        }
        finally
        {
            http.Dispose();
        }
    }

    private void Forget(Task logout)
    {
        lock (_gate)
        {
            _running.Remove(logout);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Logging out of the BMC at {Host} failed unexpectedly ({Failure}); its web session stays open until it expires")]
    private static partial void LogLogoutCrashed(ILogger logger, string host, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} BMC logouts were still running at shutdown; their web sessions stay open until they expire")]
    private static partial void LogShutdownGaveUp(ILogger logger, int count);
}
