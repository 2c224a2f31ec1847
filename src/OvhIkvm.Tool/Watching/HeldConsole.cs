using System.Diagnostics.CodeAnalysis;
using OvhIkvm.Consoles;
using OvhIkvm.Imaging;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Sessions;
using OvhIkvm.Tool.Screenshots;

namespace OvhIkvm.Tool.Watching;

/// <summary>
/// One server's console session, shared by every <see cref="ConsoleHold"/> on it. It is not tied to any one
/// holder's token: it lives until its last holder leaves, and each use of the session runs under its own gate and
/// lifetime, so a holder that stops waiting leaves the session intact for the others.
/// </summary>
[SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The lifetime source has no timer and the gate is never waited on with a handle; disposing them could race with a late holder.")]
internal sealed class HeldConsole
{
    /// <summary>
    /// The least time between two frames a follower asks for: a session that returns at once (one that captures
    /// afresh, or a console that never stops changing) would otherwise keep a core busy decoding.
    /// </summary>
    public static readonly TimeSpan MinimumFrameInterval = TimeSpan.FromMilliseconds(200);

    private readonly HeldConsoles _owner;
    private readonly string _serverId;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SemaphoreSlim _use = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Task<Task<IKvmSession>> _run;
    private int _holders;
    private int _followers;
    private bool _closed;
    private bool _accessReady;
    private long _lastUseEnded;
    private ConsoleScreen? _latest;
    private Task<ConsoleScreen>? _capture;

    /// <summary>Prepares the console without opening it: see <see cref="Start"/>.</summary>
    public HeldConsole(HeldConsoles owner, string serverId)
    {
        _owner = owner;
        _serverId = serverId;
        _run = new Task<Task<IKvmSession>>(() => owner.OpenSessionAsync(serverId, this, _lifetime.Token));
        Opening = _run.Unwrap();
        Progress = new ProgressFanOut(owner.Time);
    }

    public ProgressFanOut Progress { get; }

    /// <summary>Set once the console access is obtained; before that the console waits for the provider (an OVH grant).</summary>
    public bool AccessReady
    {
        get => Volatile.Read(ref _accessReady);
        set => Volatile.Write(ref _accessReady, value);
    }

    private Task<IKvmSession> Opening { get; }

    /// <summary>Opens the console; called once, by the caller whose instance was published.</summary>
    public void Start() => _run.Start(TaskScheduler.Default);

    public bool TryJoin(IProgress<ConsoleProgress>? progress)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _holders++;
        }

        Progress.Subscribe(progress);
        return true;
    }

    /// <summary>Leaves; the last holder to leave closes the session, and this completes once it is closed.</summary>
    public Task LeaveAsync(IProgress<ConsoleProgress>? progress)
    {
        Progress.Unsubscribe(progress);
        lock (_gate)
        {
            if (--_holders > 0)
            {
                return Task.CompletedTask;
            }

            _closed = true;
        }

        _owner.Forget(_serverId, this);
        if (Opening.IsCompleted && _use.Wait(0))
        {
            // Idle: nothing to stop, and the session closes politely.
            _use.Release();
        }
        else
        {
            // Still opening, or a use is in flight for a holder that stopped waiting: stop it.
            _lifetime.Cancel();
        }

        return CloseAsync();
    }

    public void Follow() => Interlocked.Increment(ref _followers);

    public void Unfollow() => Interlocked.Decrement(ref _followers);

    /// <summary>
    /// The screen as a follower keeps it, or, when nobody follows, one capture, shared by every caller that asks
    /// while it is in flight; a caller that stops waiting leaves it to the others.
    /// </summary>
    public Task<ConsoleScreen> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _followers) > 0 && Latest is { } latest)
        {
            return Task.FromResult(latest);
        }

        Task<Task<ConsoleScreen>>? start = null;
        Task<ConsoleScreen> capture;
        lock (_gate)
        {
            if (_capture is null || _capture.IsCompleted)
            {
                // Started outside the lock: a capture that completes at once publishes under the same lock.
                start = new Task<Task<ConsoleScreen>>(CaptureAsync);
                _capture = start.Unwrap();
            }

            capture = _capture;
        }

        start?.Start(TaskScheduler.Default);
        return capture.WaitAsync(cancellationToken);
    }

    /// <summary>The screen once it changes, or as it is after about <paramref name="maxWait"/>.</summary>
    public Task<ConsoleScreen> NextAsync(TimeSpan maxWait, CancellationToken cancellationToken) =>
        UseAsync(
            async (session, token) =>
            {
                var sinceLast = _owner.Time.GetElapsedTime(Volatile.Read(ref _lastUseEnded));
                if (sinceLast < MinimumFrameInterval)
                {
                    await Task.Delay(MinimumFrameInterval - sinceLast, _owner.Time, token).ConfigureAwait(false);
                }

                return Publish(await session.NextFrameAsync(maxWait, token).ConfigureAwait(false));
            },
            cancellationToken);

    /// <summary>
    /// Types on the session, alone between two frames of any follower. Unlike a look at the screen, the caller's
    /// cancellation reaches the typing (a keyboard stops between two key events and releases what it pressed, which
    /// leaves the session usable): keys must not go on being typed for a caller that gave up.
    /// </summary>
    public Task TypeAsync(KeySequence keys, CancellationToken cancellationToken) =>
        UseAsync(
            async (session, lifetime) =>
            {
                if (session is not IKvmKeyboard keyboard)
                {
                    throw new ConsoleException($"The console of {_serverId} cannot take keys: its protocol has no keyboard this tool can drive.");
                }

                using var either = CancellationTokenSource.CreateLinkedTokenSource(lifetime, cancellationToken);
                await keyboard.SendKeysAsync(keys, either.Token).ConfigureAwait(false);
                return keys.Chords.Count;
            },
            cancellationToken);

    private bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    private ConsoleScreen? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    private async Task<ConsoleScreen> CaptureAsync()
    {
        var session = await Opening.ConfigureAwait(false);
        return await RunAloneAsync(
            session,
            async (s, token) => Volatile.Read(ref _followers) > 0 && Latest is { } seen
                ? seen
                : Publish(await s.CaptureFrameAsync(token).ConfigureAwait(false))).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one use of the session alone, on the console's lifetime rather than the caller's token: a caller that
    /// stops waiting leaves the use to finish (it is bounded by the session's own timeouts) instead of breaking the
    /// session, which a cancelled call leaves unusable.
    /// </summary>
    private async Task<T> UseAsync<T>(Func<IKvmSession, CancellationToken, Task<T>> use, CancellationToken cancellationToken)
    {
        var session = await Opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await RunAloneAsync(session, use).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> RunAloneAsync<T>(IKvmSession session, Func<IKvmSession, CancellationToken, Task<T>> use)
    {
        var token = _lifetime.Token;
        await _use.WaitAsync(token).ConfigureAwait(false);
        try
        {
            // A use queued by a holder that has left finds the console closed (or closing): the session is not its to touch.
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return await use(session, token).ConfigureAwait(false);
        }
        catch (ConsoleAccessRefusedException)
        {
            _owner.AccessRefused(_serverId);
            throw;
        }
        finally
        {
            Volatile.Write(ref _lastUseEnded, _owner.Time.GetTimestamp());
            _use.Release();
        }
    }

    /// <summary>Called under the use gate only, so screens are published one at a time, in order.</summary>
    private ConsoleScreen Publish(Frame frame)
    {
        var now = _owner.Time.GetUtcNow();
        var previous = Latest;
        ConsoleScreen screen;
        if (previous is not null && previous.Capture.Frame.ContentEquals(frame))
        {
            screen = previous with { Capture = previous.Capture with { CapturedAt = now } };
        }
        else if (previous is not null && CursorBlink.OnlyDifference(previous.Capture.Frame, frame))
        {
            // Shown as it is now, but no change: the version and the time of the last change stay.
            screen = previous with { Capture = new CapturedFrame(frame, now, _owner.Recognizer.Recognize(frame)) };
        }
        else
        {
            screen = new ConsoleScreen(new CapturedFrame(frame, now, _owner.Recognizer.Recognize(frame)), (previous?.Version ?? 0) + 1, now);
        }
        lock (_gate)
        {
            _latest = screen;
        }

        return screen;
    }

    private async Task CloseAsync()
    {
        IKvmSession session;
        try
        {
            session = await Opening.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConsoleException or ImageDecodeException)
        {
            return;
        }

        // The use in flight, if any, ends at the lifetime's cancellation; the session is closed after it.
        await _use.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConsoleException or IOException or OperationCanceledException)
        {
            _owner.SessionFailed(_serverId, ex);
        }
        finally
        {
            _use.Release();
        }
    }
}
