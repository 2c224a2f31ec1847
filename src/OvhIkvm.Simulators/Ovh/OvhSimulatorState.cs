using System.Globalization;
using System.Security.Cryptography;

namespace OvhIkvm.Simulators.Ovh;

/// <summary>The simulated account's mutable state: tasks, granted accesses, pending faults and the request log, behind one lock.</summary>
internal sealed class OvhSimulatorState(OvhSimulatorOptions options)
{
    private static readonly string[] PendingStates = ["init", "todo", "doing"];

    private readonly Lock _lock = new();
    private readonly Dictionary<long, SimulatedTask> _tasks = [];
    private readonly Dictionary<string, (string Value, DateTimeOffset Expiration)> _accesses = new(StringComparer.Ordinal);
    private readonly List<(OvhFault Fault, int Remaining)> _faults = [];
    private readonly List<OvhRecordedRequest> _requests = [];
    private readonly Dictionary<string, OvhSimulatedCredential> _credentials = InitialCredentials(options);
    private readonly List<OvhIssuedCredential> _issued = [];
    private readonly List<string> _reboots = [];
    private long _nextTaskId = 1_000_000;
    private long _nextCredentialId = 200_000_001;
    private long _queryCounter;

    public TimeSpan ClockOffset { get; set; }

    public DateTimeOffset Now => options.TimeProvider.GetUtcNow() + ClockOffset;

    public OvhSimulatedServer? FindServer(string serviceName) =>
        options.Servers.FirstOrDefault(s => string.Equals(s.ServiceName, serviceName, StringComparison.Ordinal));

    public string NextQueryId() => $"EU.sim-1.{Interlocked.Increment(ref _queryCounter):x8}";

    public OvhSimulatedCredential? FindCredential(string consumerKey)
    {
        lock (_lock)
        {
            return _credentials.GetValueOrDefault(consumerKey);
        }
    }

    public void RecordUse(OvhSimulatedCredential credential)
    {
        lock (_lock)
        {
            credential.LastUse = Now;
        }
    }

    /// <summary>The key's state (expired once past its expiry), expiry and last use, read together.</summary>
    public (string State, DateTimeOffset? Expiration, DateTimeOffset? LastUse) Describe(OvhSimulatedCredential credential)
    {
        lock (_lock)
        {
            return (credential.StateAt(Now), credential.Expiration, credential.LastUse);
        }
    }

    /// <summary>Creates a pendingValidation key with the given rules, as <c>POST /auth/credential</c> does.</summary>
    public OvhIssuedCredential IssueCredential(IReadOnlyList<string> rules, string? redirection, Uri apiRoot)
    {
        lock (_lock)
        {
            var consumerKey = RandomNumberGenerator.GetString(TokenAlphabet, 32);
            var validationUrl = new Uri(apiRoot, $"/auth/?credentialToken={RandomNumberGenerator.GetString(TokenAlphabet, 64)}");
            _credentials[consumerKey] = new OvhSimulatedCredential(_nextCredentialId++, consumerKey, rules, Now);
            var issued = new OvhIssuedCredential(consumerKey, validationUrl, rules, redirection);
            _issued.Add(issued);
            return issued;
        }
    }

    public IReadOnlyList<OvhIssuedCredential> IssuedCredentials
    {
        get
        {
            lock (_lock)
            {
                return [.. _issued];
            }
        }
    }

    /// <summary>Sets a key's state, as its owner approving (validated) or refusing it on the validation page would.</summary>
    public bool SetCredentialState(string consumerKey, string state)
    {
        lock (_lock)
        {
            if (!_credentials.TryGetValue(consumerKey, out var credential))
            {
                return false;
            }

            credential.State = state;
            return true;
        }
    }

    public void AddFault(OvhFault fault)
    {
        lock (_lock)
        {
            _faults.Add((fault, fault.Times));
        }
    }

    /// <summary>The first pending fault matching the request, consumed once.</summary>
    public OvhFault? TakeFault(string method, string path)
    {
        lock (_lock)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var (fault, remaining) = _faults[i];
                if (remaining > 0 && OvhRoutePattern.Matches(fault.Route, method, path))
                {
                    _faults[i] = (fault, remaining - 1);
                    return fault;
                }
            }

            return null;
        }
    }

    public void Record(OvhRecordedRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<OvhRecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts an access task, or returns null when one is already running for the server.</summary>
    public SimulatedTask? StartAccessTask(OvhSimulatedServer server, int ttlMinutes)
    {
        lock (_lock)
        {
            if (_tasks.Values.Any(t => t.ServiceName == server.ServiceName && PendingStates.Contains(t.Status)))
            {
                return null;
            }

            var task = new SimulatedTask(_nextTaskId++, server.ServiceName, ttlMinutes, Now) { Status = PendingStates[0] };
            _tasks[task.TaskId] = task;
            return task;
        }
    }

    /// <summary>Starts a <c>hardReboot</c> task, or returns null while another task runs on the server (OVH disables the IPMI then too).</summary>
    public SimulatedTask? StartRebootTask(OvhSimulatedServer server)
    {
        lock (_lock)
        {
            if (_tasks.Values.Any(t => t.ServiceName == server.ServiceName && PendingStates.Contains(t.Status)))
            {
                return null;
            }

            var task = new SimulatedTask(_nextTaskId++, server.ServiceName, 0, Now) { Status = PendingStates[0], Function = RebootTaskFunction };
            _tasks[task.TaskId] = task;
            return task;
        }
    }

    /// <summary>The servers rebooted (their reboot task done), in order.</summary>
    public IReadOnlyList<string> Reboots
    {
        get
        {
            lock (_lock)
            {
                return [.. _reboots];
            }
        }
    }

    /// <summary>
    /// The ids of a server's tasks, optionally of one function and status. Listing does not move a task on: only reading
    /// it does (the simulator's stand-in for time passing at OVH).
    /// </summary>
    public IReadOnlyList<long> ListTasks(string serviceName, string? function, string? status)
    {
        lock (_lock)
        {
            return [.. _tasks.Values
                .Where(t => t.ServiceName == serviceName && (function is null || function == t.Function) && (status is null || t.Status == status))
                .Select(t => t.TaskId)];
        }
    }

    /// <summary>Grants an access as a finished task would, for a test that starts where an earlier process left off.</summary>
    public void GrantAccess(string serviceName, string value, DateTimeOffset expiration)
    {
        lock (_lock)
        {
            _accesses[serviceName] = (value, expiration);
        }
    }

    /// <summary>Reads a task, moving it one state on every <see cref="OvhSimulatorOptions.TaskReadsPerState"/> reads.</summary>
    public SimulatedTask? ReadTask(string serviceName, long taskId)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(taskId, out var task) || task.ServiceName != serviceName)
            {
                return null;
            }

            task.Reads++;
            var server = FindServer(serviceName)!;
            var step = task.Reads / Math.Max(1, options.TaskReadsPerState);
            var status = step < PendingStates.Length ? PendingStates[step] : task.Function == RebootTaskFunction ? "done" : server.FinalTaskStatus;
            if (status != task.Status)
            {
                task.Status = status;
                task.LastUpdate = Now;
                if (status == "done" && task.Function == RebootTaskFunction)
                {
                    task.DoneDate = Now;
                    _reboots.Add(serviceName);
                    options.Rebooted?.Invoke(serviceName);
                }
                else if (status == "done")
                {
                    task.DoneDate = Now;
                    _accesses[serviceName] = (ViewerUrl(server), Now.AddMinutes(task.TtlMinutes));
                }
                else if (!PendingStates.Contains(status))
                {
                    task.Comment = server.FinalTaskComment;
                    task.DoneDate = Now;
                }
            }

            return task;
        }
    }

    public (string Value, DateTimeOffset Expiration)? ReadAccess(string serviceName)
    {
        lock (_lock)
        {
            return _accesses.TryGetValue(serviceName, out var access) && access.Expiration > Now ? access : null;
        }
    }

    /// <summary>The task functions the simulator creates (<c>dedicated.TaskFunctionEnum</c>).</summary>
    public const string AccessTaskFunction = "requestAccessIPMI";

    public const string RebootTaskFunction = "hardReboot";

    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static Dictionary<string, OvhSimulatedCredential> InitialCredentials(OvhSimulatorOptions options) => new(StringComparer.Ordinal)
    {
        [options.ConsumerKey] = new OvhSimulatedCredential(200_000_000, options.ConsumerKey, options.AccessRules, options.TimeProvider.GetUtcNow().AddDays(-30))
        {
            State = options.CredentialState,
            Expiration = options.CredentialExpiration,
        },
    };

    private static string ViewerUrl(OvhSimulatedServer server)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (server.ViewerBaseUrl is { } custom)
        {
            return $"{custom.AbsoluteUri}{(string.IsNullOrEmpty(custom.Query) ? "?" : "&")}token={token}";
        }

        var host = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return string.Create(CultureInfo.InvariantCulture, $"https://{host}.{server.Datacenter}-1.ipmi.ovh.net/viewer?token={token}");
    }

    internal sealed class SimulatedTask(long taskId, string serviceName, int ttlMinutes, DateTimeOffset startDate)
    {
        public long TaskId { get; } = taskId;

        public string ServiceName { get; } = serviceName;

        public int TtlMinutes { get; } = ttlMinutes;

        public DateTimeOffset StartDate { get; } = startDate;

        public DateTimeOffset LastUpdate { get; set; } = startDate;

        public DateTimeOffset? DoneDate { get; set; }

        public string Status { get; set; } = "init";

        public string? Comment { get; set; }

        public int Reads { get; set; }

        public string Function { get; init; } = AccessTaskFunction;
    }
}
