using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OvhIkvm.Imaging;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Input;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Tool.Tests.Reliability;

/// <summary>
/// Wraps the production session factory to observe what no simulator can see from outside: how many KVM sessions
/// are open at once (per console and in total), and which viewer URLs the pipeline was handed (they are secrets
/// the suite then looks for in every output).
/// </summary>
internal sealed class KvmSessionProbe
{
    private readonly ConcurrentDictionary<string, int> _openPerConsole = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _peakPerConsole = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _viewerUrls = new();
    private readonly Lock _gate = new();
    private int _open;
    private int _peak;
    private int _opened;

    public int PeakConcurrentSessions => Volatile.Read(ref _peak);

    public int SessionsOpened => Volatile.Read(ref _opened);

    /// <summary>Sessions opened and not yet disposed.</summary>
    public int OpenSessions => Volatile.Read(ref _open);

    public IReadOnlyDictionary<string, int> PeakConcurrentSessionsPerConsole => _peakPerConsole;

    public IReadOnlyCollection<string> ViewerUrls => _viewerUrls;

    /// <summary>Replaces the registered <see cref="IKvmSessionFactory"/> with one that reports to this probe.</summary>
    public void Decorate(IServiceCollection services)
    {
        var production = services.Single(d => d.ServiceType == typeof(IKvmSessionFactory));
        var implementation = production.ImplementationType
            ?? throw new InvalidOperationException("The production session factory is expected to be registered by type.");
        services.Remove(production);
        services.AddSingleton<IKvmSessionFactory>(provider =>
            new ProbingFactory((IKvmSessionFactory)ActivatorUtilities.CreateInstance(provider, implementation), this));
    }

    private string Opened(ConsoleEndpoint endpoint)
    {
        var console = endpoint switch
        {
            ViewerPageEndpoint viewer => Remember(viewer.ViewerUrl.Reveal()),
            _ => endpoint.GetType().Name,
        };
        lock (_gate)
        {
            _opened++;
            _peak = Math.Max(_peak, ++_open);
            var open = _openPerConsole.AddOrUpdate(console, 1, (_, n) => n + 1);
            _peakPerConsole.AddOrUpdate(console, open, (_, peak) => Math.Max(peak, open));
        }

        return console;
    }

    private void Closed(string console)
    {
        lock (_gate)
        {
            _open--;
            _openPerConsole.AddOrUpdate(console, 0, (_, n) => n - 1);
        }
    }

    private string Remember(string viewerUrl)
    {
        _viewerUrls.Enqueue(viewerUrl);
        return new Uri(viewerUrl).GetLeftPart(UriPartial.Authority);
    }

    private sealed class ProbingFactory(IKvmSessionFactory inner, KvmSessionProbe probe) : IKvmSessionFactory
    {
        public async Task<IKvmSession> OpenAsync(ConsoleEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
        {
            var console = probe.Opened(endpoint);
            try
            {
                return new ProbedSession(await inner.OpenAsync(endpoint, progress, cancellationToken), () => probe.Closed(console));
            }
            catch
            {
                probe.Closed(console);
                throw;
            }
        }
    }

    private sealed class ProbedSession(IKvmSession inner, Action closed) : IKvmSession, IKvmKeyboard
    {
        public Task SendKeysAsync(KeySequence keys, CancellationToken cancellationToken) =>
            inner is IKvmKeyboard keyboard
                ? keyboard.SendKeysAsync(keys, cancellationToken)
                : throw new NotSupportedException("The probed session has no keyboard.");

        public Task<Frame> CaptureFrameAsync(CancellationToken cancellationToken) => inner.CaptureFrameAsync(cancellationToken);

        public Task<Frame> NextFrameAsync(TimeSpan maxWait, CancellationToken cancellationToken) => inner.NextFrameAsync(maxWait, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync();
            }
            finally
            {
                closed();
            }
        }
    }
}
