namespace OvhIkvm.Testing;

/// <summary>Bounds for tests that talk to servers: generous for a loaded 2-core CI machine, finite so nothing hangs.</summary>
public static class TestTimeouts
{
    public static TimeSpan Network { get; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How much earlier than its interval a timer may fire as a <see cref="System.Diagnostics.Stopwatch"/> measures it
    /// (the clocks differ by up to a tick), for tests that check a call waited its full interval.
    /// </summary>
    public static TimeSpan TimerSlack { get; } = TimeSpan.FromMilliseconds(16);

    /// <summary>A token that cancels after <paramref name="timeout"/> or when xunit cancels the test.</summary>
    public static CancellationToken Within(TimeSpan timeout)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(timeout);
        return source.Token;
    }
}
