using Microsoft.Extensions.Logging;

namespace OvhIkvm.Ovh.Api;

/// <summary>
/// The one pace every OVH call of this process keeps: a token bucket (<see cref="OvhOptions.RequestBurst"/> at once,
/// <see cref="OvhOptions.RequestsPerMinute"/> sustained) and a shared "not before" instant that a 429's Retry-After
/// pushes back, so that when OVH says "slow down" to one caller, every caller (inventory, grants, doctor) slows down.
/// Written on <see cref="TimeProvider"/> rather than System.Threading.RateLimiting, whose limiters read the wall clock
/// and cannot be driven by simulated time.
/// </summary>
internal sealed class OvhRequestGate(OvhOptions options, TimeProvider time, ILogger<OvhRequestGate> logger)
{
    private readonly Lock _lock = new();
    private double _tokens = options.RequestBurst;
    private long _refilledAt = time.GetTimestamp();
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;

    /// <summary>Waits until this process may send one more call, then counts it.</summary>
    public async ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                Refill();
                var holdOff = _notBefore - time.GetUtcNow();
                if (holdOff <= TimeSpan.Zero && _tokens >= 1)
                {
                    _tokens -= 1;
                    return;
                }

                var tokenWait = _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromMinutes((1 - _tokens) / options.RequestsPerMinute);
                wait = holdOff > tokenWait ? holdOff : tokenWait;
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>OVH asked to slow down: no call of this process goes out before <paramref name="delay"/> has passed.</summary>
    public void HoldOff(TimeSpan delay)
    {
        var until = time.GetUtcNow() + delay;
        lock (_lock)
        {
            if (until <= _notBefore)
            {
                return;
            }

            _notBefore = until;
        }

        logger.HoldingOff(delay);
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_refilledAt, now);
        _refilledAt = now;
        _tokens = Math.Min(options.RequestBurst, _tokens + (elapsed.TotalMinutes * options.RequestsPerMinute));
    }
}
