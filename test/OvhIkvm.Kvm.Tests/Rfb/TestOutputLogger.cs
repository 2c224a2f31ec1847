using Microsoft.Extensions.Logging;

namespace OvhIkvm.Kvm.Tests.Rfb;

/// <summary>Sends the client's log lines to the test's output, so a failing peer test shows what was on the wire.</summary>
internal sealed class TestOutputLogger<T> : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{logLevel}: {formatter(state, exception)}");
}
