using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;
using OvhIkvm.Ovh.Api.Models;
using OvhIkvm.Ovh.Tasks;

namespace OvhIkvm.Ovh.Access;

/// <summary>
/// Obtains HTML5 console access from OVH. First it asks OVH whether an access is still valid (<c>GET …/features/ipmi/access</c>):
/// one granted to an earlier process (an MCP client starts a new one per session) is reused, which saves the 20 s to
/// minutes of an OVH task. Otherwise: allowed IP, <c>POST …/features/ipmi/access</c>, poll the task, read the viewer URL;
/// when OVH refuses the request because another process's access task is pending, that task is followed instead.
/// A grant is reused until shortly before it expires, and concurrent requests for one server share one grant (single
/// flight), so OVH sees one access request per server however many screenshots are asked for. A grant in progress
/// runs to its own timeout even if the caller that started it gives up, so the next caller can use it.
/// </summary>
internal sealed class IpmiAccessBroker : IDisposable
{
    /// <summary>The <c>dedicated.TaskStatusEnum</c> values of a task still running, most advanced first.</summary>
    private static readonly string[] PendingTaskStatuses = ["doing", "todo", "init"];

    private readonly OvhApiClient _api;
    private readonly OvhOptions _options;
    private readonly OvhTaskFollower _tasks;
    private readonly OvhClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger<IpmiAccessBroker> _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IpmiGrant> _grants = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (Task<IpmiGrant> Task, ProgressFanOut Progress)> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (DedicatedServerTask Task, DateTimeOffset RequestedAt)> _unfinished = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _allowedIpGate = new(1, 1);
    private string? _discoveredIp;

    public IpmiAccessBroker(
        OvhApiClient api,
        OvhOptions options,
        OvhTaskFollower tasks,
        OvhClock clock,
        TimeProvider time,
        ILogger<IpmiAccessBroker> logger)
    {
        _api = api;
        _options = options;
        _tasks = tasks;
        _clock = clock;
        _time = time;
        _logger = logger;
    }

    /// <summary>A usable grant for the server, if one is cached.</summary>
    public IpmiGrant? TryGetCachedGrant(string serviceName)
    {
        lock (_lock)
        {
            return _grants.TryGetValue(serviceName, out var grant) && IsUsable(grant) ? grant : null;
        }
    }

    /// <summary>
    /// Drops the cached grant of a server whose console refused it (typically: granted to another IP), and remembers it,
    /// so that the next request neither reuses it nor picks it up again from OVH, but asks for a new one.
    /// </summary>
    public void ForgetGrant(string serviceName)
    {
        lock (_lock)
        {
            if (_grants.Remove(serviceName, out var refused))
            {
                _refused[serviceName] = Fingerprint(refused.ViewerUrl);
            }
        }
    }

    /// <summary>A usable grant: cached, joined while in progress, or newly requested.</summary>
    /// <exception cref="ConsoleException">OVH refused or failed the grant, or it took longer than the grant timeout.</exception>
    public async Task<IpmiGrant> GetGrantAsync(string serviceName, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        (Task<IpmiGrant> Task, ProgressFanOut Progress) pending;
        lock (_lock)
        {
            if (_grants.TryGetValue(serviceName, out var cached) && IsUsable(cached))
            {
                _logger.GrantReused(serviceName, cached.ExpiresAt);
                return cached;
            }

            if (!_pending.TryGetValue(serviceName, out pending))
            {
                var shared = new ProgressFanOut(_time);
                pending = (Task.Run(() => AcquireAsync(serviceName, shared), CancellationToken.None), shared);
                _pending[serviceName] = pending;
            }
        }

        pending.Progress.Subscribe(progress);
        try
        {
            return await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pending.Progress.Unsubscribe(progress);
        }
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
        _allowedIpGate.Dispose();
    }

    private bool IsUsable(IpmiGrant grant) => _time.GetUtcNow() < grant.ExpiresAt - _options.GrantRenewalMargin;

    private async Task<IpmiGrant> AcquireAsync(string serviceName, ProgressFanOut progress)
    {
        using var deadline = new CancellationTokenSource(_options.GrantTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _shutdown.Token);
        var stage = new GrantStage();
        try
        {
            var grant = await RequestGrantAsync(serviceName, progress, stage, linked.Token).ConfigureAwait(false);
            lock (_lock)
            {
                _grants[serviceName] = grant;
                _pending.Remove(serviceName);
            }

            _logger.GrantObtained(serviceName, progress.Elapsed.TotalMilliseconds, grant.ExpiresAt);
            return grant;
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                _pending.Remove(serviceName);
            }

            var failure = ex switch
            {
                OperationCanceledException when deadline.IsCancellationRequested && !_shutdown.IsCancellationRequested => new ConsoleException(
                    $"OVH did not grant console access to {serviceName} within {Describe(_options.GrantTimeout)} ({stage.Description}); " +
                    "OVH sometimes needs several minutes: try again later, or raise OVH_IKVM_GRANT_TIMEOUT.",
                    ex),
                ConsoleException console => console,
                OperationCanceledException => ex,
                _ => new ConsoleException($"Console access to {serviceName} failed unexpectedly ({ex.GetType().Name}); try again.", ex),
            };
            _logger.GrantFailed(serviceName, failure.Message);
            throw failure;
        }
    }

    private async Task<IpmiGrant> RequestGrantAsync(string serviceName, ProgressFanOut progress, GrantStage stage, CancellationToken cancellationToken)
    {
        const int MaxRequests = 2;
        var ttlMinutes = (int)_options.AccessTtl.TotalMinutes;
        for (var request = 1; ; request++)
        {
            if (request == 1 && !HasUnfinishedTask(serviceName)
                && await ReuseOvhAccessAsync(serviceName, progress, stage, cancellationToken).ConfigureAwait(false) is { } reused)
            {
                return reused;
            }

            var (task, requestedAt) = (request == 1 ? TakeUnfinishedTask(serviceName) : null)
                ?? (await RequestOrFollowAsync(serviceName, ttlMinutes, progress, stage, cancellationToken).ConfigureAwait(false), _time.GetUtcNow());
            DedicatedServerTask finished;
            try
            {
                finished = task.IsPending ? await PollAsync(serviceName, task, progress, stage, cancellationToken).ConfigureAwait(false) : task;
            }
            catch (OperationCanceledException)
            {
                // OVH keeps working on the task after we stop waiting; the next request for this server picks it up
                // instead of asking again (a second access request would be refused while this one runs).
                lock (_lock)
                {
                    _unfinished[serviceName] = (task, requestedAt);
                }

                throw;
            }

            if (!finished.IsDone)
            {
                throw TaskFailed(serviceName, finished);
            }

            stage.Description = "reading the console address";
            progress.Report(stage.Description);
            var access = await _api.GetAsync(OvhRoute.IpmiAccessValue(serviceName), OvhJsonContext.Default.IpmiAccessValue, cancellationToken)
                .ConfigureAwait(false);
            if (!ViewerAddress.TryParse(access.Value, out _, out var refusal))
            {
                throw new ConsoleException(
                    $"OVH granted console access to {serviceName}, but {refusal}; nothing was sent to it: try again, and reset the IPMI interface in the OVH control panel if it persists.");
            }

            var grant = ToGrant(serviceName, access);
            if (IsUsable(grant))
            {
                return grant;
            }

            _logger.GrantAlreadyExpired(serviceName, grant.ExpiresAt);
            if (request == MaxRequests)
            {
                throw new ConsoleException(
                    $"OVH keeps returning an already expired console access for {serviceName}; check that this machine's clock is right, then try again.");
            }
        }
    }

    /// <summary>The access OVH holds for the server, if it is valid long enough, was not refused here, and points to a viewer.</summary>
    private async Task<IpmiGrant?> ReuseOvhAccessAsync(string serviceName, ProgressFanOut progress, GrantStage stage, CancellationToken cancellationToken)
    {
        stage.Description = "asking OVH for a console access it already granted";
        progress.Report(stage.Description);
        IpmiAccessValue access;
        try
        {
            access = await _api.GetAsync(OvhRoute.IpmiAccessValue(serviceName), OvhJsonContext.Default.IpmiAccessValue, cancellationToken).ConfigureAwait(false);
        }
        catch (OvhApiException ex) when (ex.Failure == OvhFailure.NotFound)
        {
            _logger.OvhAccessNotReused(serviceName, "OVH holds none");
            return null;
        }

        if (access.Expiration is null)
        {
            _logger.OvhAccessNotReused(serviceName, "OVH states no expiry for it");
            return null;
        }

        if (!ViewerAddress.TryParse(access.Value, out _, out var refusal))
        {
            _logger.OvhAccessNotReused(serviceName, refusal);
            return null;
        }

        var grant = ToGrant(serviceName, access);
        var refusedHere = false;
        lock (_lock)
        {
            refusedHere = _refused.TryGetValue(serviceName, out var refused) && refused == Fingerprint(grant.ViewerUrl);
        }

        if (refusedHere || !IsUsable(grant))
        {
            _logger.OvhAccessNotReused(serviceName, refusedHere ? "its console refused it" : "it expires too soon");
            return null;
        }

        progress.Report($"reusing the console access OVH already granted, valid until {grant.ExpiresAt.UtcDateTime:HH:mm:ss} UTC");
        _logger.GrantReusedFromOvh(serviceName, grant.ExpiresAt);
        return grant;
    }

    /// <summary>
    /// Requests a new access; when OVH refuses because an access task is already pending (another process asked first),
    /// follows that task instead of failing. OVH documents neither the refusal nor a way to find the blocking task: the
    /// refusal is taken to be a 409 (or another 4xx refusal), and <c>GET …/task?function=requestAccessIPMI&amp;status=</c> finds the task.
    /// </summary>
    private async Task<DedicatedServerTask> RequestOrFollowAsync(
        string serviceName,
        int ttlMinutes,
        ProgressFanOut progress,
        GrantStage stage,
        CancellationToken cancellationToken)
    {
        try
        {
            return await RequestAccessAsync(serviceName, ttlMinutes, progress, stage, cancellationToken).ConfigureAwait(false);
        }
        catch (OvhApiException refusal) when (refusal.Failure is OvhFailure.Conflict or OvhFailure.Rejected)
        {
            var pending = await FindPendingAccessTaskAsync(serviceName, cancellationToken).ConfigureAwait(false);
            if (pending is null)
            {
                throw;
            }

            _logger.FollowingPendingTask(serviceName, pending.TaskId);
            progress.Report($"following OVH task {pending.TaskId}, an access request already pending for this server");
            return pending;
        }
    }

    /// <summary>The newest pending access task of the server, or null when there is none or the key may not list tasks.</summary>
    private async Task<DedicatedServerTask?> FindPendingAccessTaskAsync(string serviceName, CancellationToken cancellationToken)
    {
        foreach (var status in PendingTaskStatuses)
        {
            long[] ids;
            try
            {
                ids = await _api.GetAsync(OvhRoute.Tasks(serviceName, OvhRoute.AccessTaskFunction, status), OvhJsonContext.Default.Int64Array, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (OvhApiException ex) when (ex.Failure is OvhFailure.NotGranted or OvhFailure.NotFound or OvhFailure.Rejected)
            {
                return null;
            }

            if (ids.Length > 0)
            {
                return await _api.GetAsync(OvhRoute.Task(serviceName, ids.Max()), OvhJsonContext.Default.DedicatedServerTask, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    private async Task<DedicatedServerTask> RequestAccessAsync(
        string serviceName,
        int ttlMinutes,
        ProgressFanOut progress,
        GrantStage stage,
        CancellationToken cancellationToken)
    {
        stage.Description = "determining the IP address allowed to open the console";
        progress.Report(stage.Description);
        var allowedIp = await AllowedIpAsync(cancellationToken).ConfigureAwait(false);

        stage.Description = "requesting console access from OVH";
        progress.Report(stage.Description);
        var body = JsonSerializer.Serialize(new IpmiAccessRequest(allowedIp, ttlMinutes, OvhRoute.IpmiAccessTypeHtml5), OvhJsonContext.Default.IpmiAccessRequest);
        var task = await _api.PostAsync(OvhRoute.IpmiAccess(serviceName), body, OvhJsonContext.Default.DedicatedServerTask, idempotent: false, cancellationToken)
            .ConfigureAwait(false);
        _logger.GrantRequested(serviceName, ttlMinutes, task.TaskId, task.Status);
        return task;
    }

    private bool HasUnfinishedTask(string serviceName)
    {
        lock (_lock)
        {
            return _unfinished.ContainsKey(serviceName);
        }
    }

    /// <summary>OVH states the expiry on its own clock; the cache and the caller compare it with this machine's.</summary>
    private IpmiGrant ToGrant(string serviceName, IpmiAccessValue access)
    {
        var expiresAt = access.Expiration is { } expiration ? expiration - TimeSpan.FromSeconds(_clock.Delta) : _time.GetUtcNow() + _options.AccessTtl;
        return new IpmiGrant(serviceName, new Secret(access.Value!), expiresAt);
    }

    /// <summary>What is remembered of a refused access: a hash, so that the refused token itself is not kept.</summary>
    private static string Fingerprint(Secret viewerUrl) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(viewerUrl.Reveal())));

    /// <summary>A task a previous, timed-out grant left running, if it is recent enough that its access is still worth having.</summary>
    private (DedicatedServerTask Task, DateTimeOffset RequestedAt)? TakeUnfinishedTask(string serviceName)
    {
        (DedicatedServerTask Task, DateTimeOffset RequestedAt) unfinished;
        lock (_lock)
        {
            if (!_unfinished.Remove(serviceName, out unfinished) || _time.GetUtcNow() - unfinished.RequestedAt > _options.AccessTtl)
            {
                return null;
            }
        }

        _logger.TaskResumed(unfinished.Task.TaskId, serviceName);
        return unfinished;
    }

    private async Task<DedicatedServerTask> PollAsync(
        string serviceName,
        DedicatedServerTask task,
        ProgressFanOut progress,
        GrantStage stage,
        CancellationToken cancellationToken)
    {
        var status = task.Status ?? "pending";
        stage.Description = $"OVH task {task.TaskId} still {status}";
        progress.Report($"waiting for OVH task {task.TaskId}: {status}");
        return await _tasks.FollowAsync(
            serviceName,
            task,
            read =>
            {
                stage.Description = $"OVH task {read.TaskId} still {read.Status}";
                progress.Report(read.Failed
                    ? $"waiting for OVH task {read.TaskId}: {read.Status} (reading it failed, retrying)"
                    : $"waiting for OVH task {read.TaskId}: {read.Status}");
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The configured IPv4, or the one OVH sees for this machine (asked once and remembered).</summary>
    private async Task<string> AllowedIpAsync(CancellationToken cancellationToken)
    {
        if (_options.AllowedIp is { } configured)
        {
            return configured;
        }

        if (Volatile.Read(ref _discoveredIp) is { } known)
        {
            return known;
        }

        await _allowedIpGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_discoveredIp is not null)
            {
                return _discoveredIp;
            }

            // The control panel makes this call too; it only reports the caller's address, so repeating it is harmless.
            var location = await _api.PostAsync(OvhRoute.Geolocation, jsonBody: null, OvhJsonContext.Default.Geolocation, idempotent: true, cancellationToken)
                .ConfigureAwait(false);
            if (location.Ip is not { } ip || !OvhOptions.IsPublicIpv4Syntax(ip))
            {
                throw new ConsoleConfigurationException(
                    $"OVH sees this machine as '{OvhErrorTranslator.Quote(location.Ip)}', which is not an IPv4 address, and the console only accepts one; " +
                    "set OVH_IKVM_ALLOWED_IP to the public IPv4 address that will open the console.");
            }

            _logger.AllowedIpDiscovered(ip);
            Volatile.Write(ref _discoveredIp, ip);
            return ip;
        }
        finally
        {
            _allowedIpGate.Release();
        }
    }

    private static ConsoleException TaskFailed(string serviceName, DedicatedServerTask task)
    {
        var comment = string.IsNullOrWhiteSpace(task.Comment) ? "OVH gave no reason" : $"OVH says: {OvhErrorTranslator.Quote(task.Comment)}";
        var advice = task.Status switch
        {
            "customerError" => "fix what OVH reports, then try again",
            "cancelled" => "try again; if it keeps being cancelled, reset the IPMI interface in the OVH control panel",
            _ => "try again in a few minutes; if it persists, reset the IPMI interface in the OVH control panel or contact OVH support",
        };
        return new ConsoleException(
            $"OVH could not grant console access to {serviceName}: task {task.TaskId} ended as {OvhErrorTranslator.Quote(task.Status)} ({comment}); {advice}.");
    }

    private static string Describe(TimeSpan duration) =>
        duration.TotalMinutes >= 1 && duration.Seconds == 0 ? $"{duration.TotalMinutes:0} min" : $"{duration.TotalSeconds:0.###} s";

    /// <summary>Where a grant stands, for the timeout message.</summary>
    private sealed class GrantStage
    {
        public string Description { get; set; } = "starting";
    }
}
