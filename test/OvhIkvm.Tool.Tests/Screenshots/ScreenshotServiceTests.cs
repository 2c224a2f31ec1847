using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using OvhIkvm.Imaging;
using OvhIkvm.Imaging.Rendering;
using OvhIkvm.Imaging.Text;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Testing;
using OvhIkvm.Tool.Consoles;
using OvhIkvm.Tool.Screenshots;
using OvhIkvm.Tool.Watching;
using OvhIkvm.Tool.Tests.Support;

namespace OvhIkvm.Tool.Tests.Screenshots;

public sealed class ScreenshotServiceTests
{
    // Bounded, so that a coalescing bug fails the test instead of hanging the run.
    private static readonly TimeSpan Bound = TestTimeouts.Network;

    private readonly CancellationToken _ct = TestTimeouts.Within(Bound);

    private readonly IConsoleDirectory _directory = Substitute.For<IConsoleDirectory>();
    private readonly GatedSessions _sessions = new();
    private readonly ScreenshotService _service;

    public ScreenshotServiceTests()
    {
        _directory.OpenConsoleAsync(Arg.Any<string>(), Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>())
            .Returns(call => new VncEndpoint(new Uri($"vnc://{call.ArgAt<string>(0)}")));
        _service = Service(_directory, _sessions);
    }

    private static ScreenshotService Service(IConsoleDirectory directory, IKvmSessionFactory sessions) => new(
        new HeldConsoles(directory, sessions, new ConsoleTextRecognizer(), TimeProvider.System, NullLogger<HeldConsoles>.Instance),
        new ScreenshotRenderer(),
        TimeProvider.System,
        NullLogger<ScreenshotService>.Instance);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Only_a_refused_access_is_forgotten_so_that_a_retry_asks_for_a_fresh_one(bool refused)
    {
        var failing = Substitute.For<IKvmSessionFactory>();
        ConsoleException failure = refused ? new ConsoleAccessRefusedException("The link expired.") : new ConsoleException("The BMC stalled.");
        failing.OpenAsync(Arg.Any<ConsoleEndpoint>(), Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException<IKvmSession>(failure));
        var service = Service(_directory, failing);

        var error = await Assert.ThrowsAnyAsync<ConsoleException>(() => service.CaptureAsync("srv", raw: true, null, _ct));

        Assert.Same(failure, error);
        _directory.Received(refused ? 1 : 0).ForgetConsoleAccess("srv");
    }

    [Fact]
    public async Task Concurrent_requests_for_one_server_share_one_kvm_session()
    {
        var calls = Enumerable.Range(0, 4).Select(i => _service.CaptureAsync("srv-a", raw: i % 2 == 0, null, _ct))
            .Concat(Enumerable.Range(0, 2).Select(_ => _service.CaptureAsync("srv-b", raw: true, null, _ct)))
            .ToList();
        await _sessions.Release("srv-a", TestFrames.Pattern(4, 3));
        await _sessions.Release("srv-b", TestFrames.Pattern(2, 2));

        var shots = await Task.WhenAll(calls);

        Assert.Equal(2, _sessions.Opened.Count);
        Assert.All(shots.Take(4), s => Assert.Equal((4, 3), (s.SourceWidth, s.SourceHeight)));
        Assert.Equal((4, 3), (shots[0].Image.Width, shots[0].Image.Height));
        Assert.Equal((8, 6), (shots[1].Image.Width, shots[1].Image.Height));
        Assert.All(shots.Skip(4), s => Assert.Equal("srv-b", s.ServerId));
    }

    [Fact]
    public async Task A_request_after_a_capture_completed_opens_a_new_session()
    {
        var first = _service.CaptureAsync("srv", raw: true, null, _ct);
        await _sessions.Release("srv", TestFrames.Pattern(2, 2));
        await first;

        var second = _service.CaptureAsync("srv", raw: true, null, _ct);
        await _sessions.Release("srv", TestFrames.Pattern(3, 3));

        Assert.Equal(3, (await second).SourceWidth);
        Assert.Equal(2, _sessions.Opened.Count);
    }

    [Fact]
    public async Task A_failure_reaches_every_waiter_and_is_not_remembered()
    {
        var calls = new[] { _service.CaptureAsync("srv", true, null, _ct), _service.CaptureAsync("srv", false, null, _ct) };
        await _sessions.Fail("srv", new ConsoleException("BMC refused the session."));

        foreach (var call in calls)
        {
            Assert.Equal("BMC refused the session.", (await Assert.ThrowsAsync<ConsoleException>(() => call)).Message);
        }

        var retry = _service.CaptureAsync("srv", true, null, _ct);
        await _sessions.Release("srv", TestFrames.Pattern(2, 2));
        Assert.Equal(2, (await retry).SourceWidth);
    }

    [Fact]
    public async Task When_the_only_caller_cancels_the_capture_is_cancelled_and_the_next_request_starts_afresh()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var abandoned = _service.CaptureAsync("srv", true, null, cancel.Token);
        var captureToken = await _sessions.CaptureTokenOf("srv");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.True(captureToken.IsCancellationRequested);
        await _sessions.Discard("srv");
        var next = _service.CaptureAsync("srv", true, null, _ct);
        await _sessions.Release("srv", TestFrames.Pattern(2, 2));
        Assert.Equal(2, (await next).SourceWidth);
    }

    [Fact]
    public async Task One_caller_cancelling_does_not_cancel_the_capture_others_wait_for()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var leaving = _service.CaptureAsync("srv", true, null, cancel.Token);
        var staying = _service.CaptureAsync("srv", true, null, _ct);
        var captureToken = await _sessions.CaptureTokenOf("srv");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        await _sessions.Release("srv", TestFrames.Pattern(2, 2));

        Assert.Equal(2, (await staying).SourceWidth);
        Assert.False(captureToken.IsCancellationRequested);
    }

    [Fact]
    public async Task A_late_joiner_hears_the_latest_progress_step_at_once()
    {
        var early = new RecordingProgress();
        var late = new RecordingProgress();
        var first = _service.CaptureAsync("srv", true, early, _ct);
        await _sessions.ReportProgress("srv", new ConsoleProgress("waiting for OVH task 7: doing", TimeSpan.FromSeconds(9)));

        var second = _service.CaptureAsync("srv", true, late, _ct);
        await _sessions.Release("srv", TestFrames.Pattern(2, 2));
        await Task.WhenAll(first, second);

        Assert.Equal(["waiting for OVH task 7: doing"], early.Stages);
        Assert.Equal(["waiting for OVH task 7: doing"], late.Stages);
    }

    [Fact]
    public async Task Concurrent_first_requests_released_together_start_exactly_one_capture()
    {
        // GetOrAdd may run its value factory on several threads at once; a factory that starts a capture would open
        // a second viewer session nobody awaits. Many rounds of callers released by a barrier make that race likely.
        const int Rounds = 60;
        const int Callers = 8;
        var directory = new GatedConsoleOpener();
        var session = Substitute.For<IKvmSession>();
        session.CaptureFrameAsync(Arg.Any<CancellationToken>()).Returns(_ => TestFrames.Pattern(2, 2));
        var sessions = Substitute.For<IKvmSessionFactory>();
        sessions.OpenAsync(Arg.Any<ConsoleEndpoint>(), Arg.Any<IProgress<ConsoleProgress>?>(), Arg.Any<CancellationToken>()).Returns(session);
        var service = Service(directory, sessions);

        for (var round = 0; round < Rounds; round++)
        {
            var server = $"srv-{round}";
            using var barrier = new Barrier(Callers);
            var joined = Enumerable.Range(0, Callers).Select(_ => new JoinSignal()).ToList();
            var calls = joined.Select(signal => Task.Factory.StartNew(
                () =>
                {
                    barrier.SignalAndWait(_ct);
                    return service.CaptureAsync(server, raw: true, signal, _ct);
                },
                _ct,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap()).ToList();

            // Every caller has joined a capture once it heard that capture's progress; only then may the capture end.
            await Task.WhenAll(joined.Select(j => j.Heard.Task)).WaitAsync(Bound, _ct);
            directory.Release(server);
            await Task.WhenAll(calls);

            Assert.Equal(1, directory.OpensOf(server));
        }
    }

    /// <summary>Counts console opens per server and holds each open until the test releases that server.</summary>
    private sealed class GatedConsoleOpener : IConsoleDirectory
    {
        private readonly ConcurrentDictionary<string, int> _opens = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);

        public int OpensOf(string server) => _opens.GetValueOrDefault(server);

        public void Release(string server) => Gate(server).TrySetResult();

        public async Task<ConsoleEndpoint> OpenConsoleAsync(string serverId, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
        {
            _opens.AddOrUpdate(serverId, 1, (_, n) => n + 1);
            progress?.Report(new ConsoleProgress("opening the console", TimeSpan.Zero));
            await Gate(serverId).Task.WaitAsync(cancellationToken);
            return new VncEndpoint(new Uri($"vnc://{serverId}"));
        }

        public Task<ServerListing> ListServersAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ServerListing> ListServersAsync(CancellationToken answerBy, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void ForgetConsoleAccess(string serverId)
        {
        }

        private TaskCompletionSource Gate(string server) =>
            _gates.GetOrAdd(server, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private sealed class JoinSignal : IProgress<ConsoleProgress>
    {
        public TaskCompletionSource Heard { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(ConsoleProgress value) => Heard.TrySetResult();
    }

    private sealed class RecordingProgress : IProgress<ConsoleProgress>
    {
        public List<string> Stages { get; } = [];

        public void Report(ConsoleProgress value) => Stages.Add(value.Stage);
    }

    /// <summary>A session factory whose captures complete only when the test says so.</summary>
    private sealed class GatedSessions : IKvmSessionFactory
    {
        private readonly Dictionary<string, GatedSession> _pending = [];
        private readonly Dictionary<string, TaskCompletionSource<GatedSession>> _waiting = [];

        public List<string> Opened { get; } = [];

        public Task<IKvmSession> OpenAsync(ConsoleEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
        {
            var server = ((VncEndpoint)endpoint).Address.Host;
            var session = new GatedSession(progress);
            lock (_pending)
            {
                Opened.Add(server);
                _pending[server] = session;
                if (_waiting.Remove(server, out var waiter))
                {
                    waiter.SetResult(session);
                }
            }

            return Task.FromResult<IKvmSession>(session);
        }

        // Sessions open on the capture's own task, so each of these first waits for the session to exist.
        public async Task Release(string server, Frame frame) => (await TakeAsync(server)).Frames.SetResult(frame);

        public async Task Fail(string server, Exception error) => (await TakeAsync(server)).Frames.SetException(error);

        public async Task Discard(string server) => await TakeAsync(server);

        public async Task ReportProgress(string server, ConsoleProgress value) => (await SessionAsync(server)).Progress!.Report(value);

        public async Task<CancellationToken> CaptureTokenOf(string server) => await (await SessionAsync(server)).Token.Task.WaitAsync(Bound);

        private async Task<GatedSession> TakeAsync(string server)
        {
            var session = await SessionAsync(server);
            lock (_pending)
            {
                _pending.Remove(server);
            }

            return session;
        }

        private Task<GatedSession> SessionAsync(string server)
        {
            lock (_pending)
            {
                if (_pending.TryGetValue(server, out var session))
                {
                    return Task.FromResult(session);
                }

                var waiter = new TaskCompletionSource<GatedSession>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[server] = waiter;
                return waiter.Task.WaitAsync(Bound);
            }
        }
    }

    private sealed class GatedSession(IProgress<ConsoleProgress>? progress) : IKvmSession
    {
        public IProgress<ConsoleProgress>? Progress { get; } = progress;

        public TaskCompletionSource<Frame> Frames { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<CancellationToken> Token { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Frame> CaptureFrameAsync(CancellationToken cancellationToken)
        {
            Token.TrySetResult(cancellationToken);
            return Frames.Task.WaitAsync(cancellationToken);
        }

        public Task<Frame> NextFrameAsync(TimeSpan maxWait, CancellationToken cancellationToken) => CaptureFrameAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
