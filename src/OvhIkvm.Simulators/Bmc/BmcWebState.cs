using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OvhIkvm.Simulators.Bmc;

/// <summary>The BMC's web sessions, one-time viewer tokens and single-use KVM tokens. Thread-safe.</summary>
internal sealed class BmcWebState
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _viewerTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _redeemed = new(StringComparer.Ordinal);

    public int OpenSessions => _sessions.Count;

    public static string NewId(int bytes = 16) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    /// <summary>A one-time viewer token; the first page fetch turns it into a web session of the same id.</summary>
    public string IssueViewerToken()
    {
        var token = NewId();
        _viewerTokens[token] = true;
        return token;
    }

    public Session? RedeemViewerToken(string token, bool acceptForeign)
    {
        var issued = _viewerTokens.TryRemove(token, out _);
        if (string.IsNullOrEmpty(token) || !_redeemed.TryAdd(token, true) || !(issued || acceptForeign))
        {
            return null;
        }

        var session = new Session(token, NewId(4), ViaLogin: false);
        _sessions[token] = session;
        return session;
    }

    public Session Login()
    {
        var session = new Session(NewId(), NewId(4), ViaLogin: true);
        _sessions[session.Id] = session;
        return session;
    }

    public Session? Find(string? id) => id is not null && _sessions.TryGetValue(id, out var session) ? session : null;

    public bool Logout(Session session) => _sessions.TryRemove(session.Id, out _);

    internal sealed record Session(string Id, string Csrf, bool ViaLogin)
    {
        private readonly Lock _gate = new();
        private string? _kvmToken;

        /// <summary>Issues a KVM token; it invalidates any earlier unused one.</summary>
        public string IssueKvmToken()
        {
            lock (_gate)
            {
                _kvmToken = NewId(24);
                return _kvmToken;
            }
        }

        /// <summary>Consumes the KVM token: true once for the token last issued.</summary>
        public bool RedeemKvmToken(string token)
        {
            lock (_gate)
            {
                if (_kvmToken is null || !string.Equals(_kvmToken, token, StringComparison.Ordinal))
                {
                    return false;
                }

                _kvmToken = null;
                return true;
            }
        }
    }
}
