using System.Globalization;
using OvhIkvm.Imaging;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb.Peers;

/// <summary>
/// A TigerVNC Xvnc on a free loopback port, with VNC Authentication and a deterministic screen: the classic
/// "retro" root weave and an anti-aliased xlogo (many colours, so palette, gradient and raw tiles all occur).
/// The oracle is <c>xwd -root</c>, the X server's own pixels.
/// </summary>
internal sealed class XvncPeer : IAsyncDisposable
{
    public const string Password = "testpass";

    private const string WarpPointer = """
        import ctypes, sys
        x = ctypes.CDLL("libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XWarpPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong] + [ctypes.c_int] * 2 + [ctypes.c_uint] * 2 + [ctypes.c_int] * 2
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        display = x.XOpenDisplay(sys.argv[1].encode())
        assert display, "cannot open display"
        x.XWarpPointer(display, 0, x.XDefaultRootWindow(display), 0, 0, 0, 0, int(sys.argv[2]), int(sys.argv[3]))
        x.XSync(display, 0)
        """;

    private readonly string _directory;
    private readonly List<PeerProcess> _processes = [];

    private XvncPeer(string directory) => _directory = directory;

    public int Port { get; private set; }

    public string Display { get; private set; } = string.Empty;

    public string PasswordFile => Path.Combine(_directory, "passwd");

    /// <param name="depth">The screen's bits per pixel.</param>
    /// <param name="cancellationToken">Bounds the start.</param>
    /// <param name="arguments">More Xvnc options, e.g. <c>-RawKeyboard</c>.</param>
    public static async Task<XvncPeer> StartAsync(int depth, CancellationToken cancellationToken, params string[] arguments)
    {
        var xvnc = ExternalProgram.Require("Xvnc");
        var vncpasswd = ExternalProgram.Require("vncpasswd");
        var xlogo = ExternalProgram.Require("xlogo");
        ExternalProgram.Require("xwd");

        var peer = new XvncPeer(Directory.CreateTempSubdirectory("ovh-ikvm-xvnc-").FullName);
        try
        {
            var obfuscated = await PeerProcess.RunAsync(vncpasswd, ["-f"], cancellationToken, "testpass\n"u8.ToArray());
            await File.WriteAllBytesAsync(peer.PasswordFile, obfuscated, cancellationToken);
            peer.Port = LoopbackPorts.FindFree();

            // -displayfd 1: Xvnc picks a free display and prints its number once it accepts clients.
            var server = PeerProcess.Start(
                xvnc,
                [
                    "-displayfd", "1", "-rfbport", peer.Port.ToString(CultureInfo.InvariantCulture), "-localhost", "-nolisten", "tcp",
                    "-SecurityTypes", "VncAuth", "-PasswordFile", peer.PasswordFile, "-geometry", "320x240",
                    "-depth", depth.ToString(CultureInfo.InvariantCulture), "-retro", "-ac", "-AlwaysShared", .. arguments,
                ],
                readStandardOutput: true);
            peer._processes.Add(server);
            var display = await server.StandardOutput.ReadLineAsync(cancellationToken);
            Assert.False(string.IsNullOrEmpty(display), $"Xvnc did not report a display: {server.Errors}");
            peer.Display = ":" + display.Trim();
            await LoopbackPorts.WaitUntilListeningAsync(peer.Port, server, cancellationToken);

            // TigerVNC paints the pointer into the screen it sends whenever the pointer is not where this client
            // last put it, and a client that only watches never moves it; xwd never shows it. Park it at (0,0),
            // where the server believes our pointer is, so both views hold the same pixels.
            await peer.WarpPointerAsync(0, 0, cancellationToken);
            peer._processes.Add(PeerProcess.Start(xlogo, ["-display", peer.Display, "-geometry", "150x110+60+50", "-render", "-fg", "#d04010", "-bg", "#2060c0"]));
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Shows a smooth colour gradient (through <c>xwud</c>) over the left of the screen: the photo-like content for
    /// which TigerVNC's Tight encoder chooses JPEG.
    /// </summary>
    public async Task ShowGradientAsync(CancellationToken cancellationToken)
    {
        const int Width = 200;
        const int Height = 200;
        var file = Path.Combine(_directory, "gradient.xwd");
        var header = new uint[25];
        header[0] = 100 + 8; // header plus the window name "gradient\0" padded
        header[1] = 7;
        header[2] = 2;
        header[3] = 24;
        header[4] = Width;
        header[5] = Height;
        header[7] = 1; // MSBFirst pixels
        header[8] = 32;
        header[9] = 1;
        header[10] = 32;
        header[11] = 32;
        header[12] = Width * 4;
        header[13] = 4; // TrueColor
        header[14] = 0xFF0000;
        header[15] = 0x00FF00;
        header[16] = 0x0000FF;
        header[17] = 8;
        header[18] = 256;
        header[20] = Width;
        header[21] = Height;
        var bytes = new List<byte>();
        foreach (var field in header)
        {
            bytes.AddRange([(byte)(field >> 24), (byte)(field >> 16), (byte)(field >> 8), (byte)field]);
        }

        bytes.AddRange("gradient"u8.ToArray());
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                bytes.AddRange([0, (byte)(x * 255 / Width), (byte)(y * 255 / Height), (byte)((x + y) * 255 / (Width + Height))]);
            }
        }

        await File.WriteAllBytesAsync(file, bytes.ToArray(), cancellationToken);
        _processes.Add(PeerProcess.Start(ExternalProgram.Require("xwud"), ["-display", Display, "-in", file, "-geometry", "+0+0"]));
    }

    public Uri TcpAddress => new($"vnc://127.0.0.1:{Port}");

    /// <summary>A scratch folder of this peer, deleted with it.</summary>
    public string ScratchDirectory => _directory;

    /// <summary>
    /// Runs <paramref name="script"/> in a /bin/sh inside an xterm that covers the top left of the screen and has the
    /// keyboard (X gives it to the window under the pointer when no window manager runs). Returns once the script
    /// has started: it runs after a marker file is written, which this waits for.
    /// </summary>
    public async Task StartXtermAsync(string script, CancellationToken cancellationToken)
    {
        var started = Path.Combine(_directory, $"xterm-{Guid.NewGuid():N}.started");
        _processes.Add(PeerProcess.Start(
            ExternalProgram.Require("xterm"),
            ["-display", Display, "-geometry", "40x10+0+0", "-e", "/bin/sh", "-c", $"touch '{started}'; {script}"]));
        await WaitForFileAsync(started, cancellationToken);
        await WarpPointerAsync(40, 40, cancellationToken);
    }

    /// <summary>Waits for a file a program on the display writes, bounded by <paramref name="cancellationToken"/>.</summary>
    public static async Task<string> WaitForFileAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (File.Exists(path))
            {
                return await File.ReadAllTextAsync(path, cancellationToken);
            }

            // Polls a file another process writes: there is no event to wait on.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task WarpPointerAsync(int x, int y, CancellationToken cancellationToken) =>
        await PeerProcess.RunAsync("/usr/bin/python3", ["-c", WarpPointer, Display, x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture)], cancellationToken);

    public async Task<Frame> ScreenAsync(CancellationToken cancellationToken) =>
        XwdImage.Parse(await PeerProcess.RunAsync("xwd", ["-root", "-silent", "-display", Display], cancellationToken));

    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
