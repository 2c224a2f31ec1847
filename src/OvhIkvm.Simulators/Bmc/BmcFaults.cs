namespace OvhIkvm.Simulators.Bmc;

/// <summary>Misbehaviour to inject, switchable while the simulator runs. Each one mimics a failure seen on real BMCs.</summary>
public sealed class BmcFaults
{
    private volatile bool _rejectValidation;
    private volatile bool _sessionInUse;
    private volatile bool _closeMidFrame;
    private volatile bool _stallMidFrame;
    private volatile bool _oversizedCompressSize;
    private volatile bool _garbageVideo;
    private volatile bool _noiseBeforeVideo;
    private volatile bool _blankScreen;
    private volatile bool _webSessionsFull;
    private volatile bool _keepAliveStorm;
    private volatile bool _headerInjectingCsrfToken;
    private volatile bool _logoutHangs;
    private volatile bool _logoutBreaksOff;
    private volatile bool _ignoreFirstFullScreenRequest;
    private volatile bool _maximalCompressSize;
    private volatile int _singleVideoPacketBytes;
    private volatile bool _unresponsive;

    /// <summary>CMD_VALIDATED_VIDEO_SESSION answers 0 (invalid session), whatever the client sends.</summary>
    public bool RejectValidation { get => _rejectValidation; set => _rejectValidation = value; }

    /// <summary>Answers the validation with CMD_MAX_SESSION_CLOSE: another viewer holds the console.</summary>
    public bool SessionInUse { get => _sessionInUse; set => _sessionInUse = value; }

    /// <summary>Closes the socket after half of a frame's fragments.</summary>
    public bool CloseMidFrame { get => _closeMidFrame; set => _closeMidFrame = value; }

    /// <summary>Stops sending after half of a frame's fragments, keeping the socket open.</summary>
    public bool StallMidFrame { get => _stallMidFrame; set => _stallMidFrame = value; }

    /// <summary>Frame headers announce a CompressSize far beyond any screen.</summary>
    public bool OversizedCompressSize { get => _oversizedCompressSize; set => _oversizedCompressSize = value; }

    /// <summary>Video packets carry random bytes instead of frames.</summary>
    public bool GarbageVideo { get => _garbageVideo; set => _garbageVideo = value; }

    /// <summary>Unknown packet types and a stray mid-frame fragment precede each frame (a client must ignore them).</summary>
    public bool NoiseBeforeVideo { get => _noiseBeforeVideo; set => _noiseBeforeVideo = value; }

    /// <summary>No picture: CMD_PAINT_BLANK_SCREEN instead of video, and the host reports power off.</summary>
    public bool BlankScreen { get => _blankScreen; set => _blankScreen = value; }

    /// <summary>Every HTTP request (page, login, token, WebSocket upgrade) is answered only after this delay: a BMC slow at each step, each step just within its own timeout.</summary>
    public TimeSpan StepDelay { get; set; }

    /// <summary>
    /// Frame headers announce the largest CompressSize a client accepts for the screen (8 bytes per pixel), only
    /// the real data follows, then the BMC closes the socket: the frame never completes, and a client that sized its
    /// buffer from the header allocated megabytes for nothing.
    /// </summary>
    public bool MaximalCompressSize { get => _maximalCompressSize; set => _maximalCompressSize = value; }

    /// <summary>
    /// When positive, each frame travels as one video packet with a payload of this many bytes: the frame, then zero
    /// padding (legal past CompressSize). The frame is valid; only the packet is as large as the BMC pleases.
    /// </summary>
    public int SingleVideoPacketBytes { get => _singleVideoPacketBytes; set => _singleVideoPacketBytes = value; }

    /// <summary>The KVM connection stays open and every client packet is read (and recorded), but nothing is answered or sent: a hung video server.</summary>
    public bool Unresponsive { get => _unresponsive; set => _unresponsive = value; }

    /// <summary>Logins fail with "Maximum number of sessions already in use".</summary>
    public bool WebSessionsFull { get => _webSessionsFull; set => _webSessionsFull = value; }

    /// <summary>
    /// Answers every keep-alive with one and opens the validated session with a burst of them: a client that echoes
    /// keep-alives then ping-pongs with it as fast as the network allows.
    /// </summary>
    public bool KeepAliveStorm { get => _keepAliveStorm; set => _keepAliveStorm = value; }

    /// <summary>Ignores the first CMD_GET_FULL_SCREEN of each connection: only a client that asks again gets video.</summary>
    public bool IgnoreFirstFullScreenRequest { get => _ignoreFirstFullScreenRequest; set => _ignoreFirstFullScreenRequest = value; }

    /// <summary>
    /// The CSRF token handed out (the login answer's <c>CSRFToken</c>, the viewer page's <c>garc</c>) carries a line
    /// break and a header of the BMC's choosing, <see cref="InjectedHeader"/>: a client that sends it back as is sends that header too.
    /// </summary>
    public bool HeaderInjectingCsrfToken { get => _headerInjectingCsrfToken; set => _headerInjectingCsrfToken = value; }

    /// <summary>The header <see cref="HeaderInjectingCsrfToken"/> tries to smuggle into the client's requests.</summary>
    public const string InjectedHeader = "X-Injected";

    /// <summary><c>DELETE /api/session</c> is never answered (the session stays open); the request ends only when the client gives up.</summary>
    public bool LogoutHangs { get => _logoutHangs; set => _logoutHangs = value; }

    /// <summary><c>DELETE /api/session</c> answers its headers, then cuts the connection in the middle of the body.</summary>
    public bool LogoutBreaksOff { get => _logoutBreaksOff; set => _logoutBreaksOff = value; }
}
