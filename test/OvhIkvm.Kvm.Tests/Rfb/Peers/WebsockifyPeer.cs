using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using OvhIkvm.Testing;

namespace OvhIkvm.Kvm.Tests.Rfb.Peers;

/// <summary>websockify (the noVNC project's WebSocket-to-TCP bridge) in front of a TCP VNC server, over ws:// or, given a certificate, wss:// only.</summary>
internal sealed class WebsockifyPeer(PeerProcess process, Uri address, string? directory) : IAsyncDisposable
{
    public Uri Address { get; } = address;

    public static Task<WebsockifyPeer> StartAsync(int targetPort, CancellationToken cancellationToken) =>
        StartAsync(targetPort, certificate: null, cancellationToken);

    /// <param name="targetPort">The VNC server's TCP port on 127.0.0.1.</param>
    /// <param name="certificate">The certificate websockify presents (<c>--cert</c>, <c>--key</c>, <c>--ssl-only</c>); null for plain ws://.</param>
    /// <param name="cancellationToken">Bounds the wait for websockify to listen.</param>
    public static async Task<WebsockifyPeer> StartAsync(int targetPort, X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        var websockify = ExternalProgram.Require("websockify");
        var port = LoopbackPorts.FindFree();
        List<string> arguments = [];
        string? directory = null;
        if (certificate is not null)
        {
            directory = Directory.CreateTempSubdirectory("ovh-ikvm-websockify-").FullName;
            var cert = Path.Combine(directory, "cert.pem");
            var key = Path.Combine(directory, "key.pem");
            await File.WriteAllTextAsync(cert, certificate.ExportCertificatePem(), cancellationToken);
            using var rsa = certificate.GetRSAPrivateKey()!;
            await File.WriteAllTextAsync(key, rsa.ExportPkcs8PrivateKeyPem(), cancellationToken);
            arguments.AddRange(["--cert", cert, "--key", key, "--ssl-only"]);
        }

        arguments.AddRange([$"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", $"127.0.0.1:{targetPort.ToString(CultureInfo.InvariantCulture)}"]);
        var process = PeerProcess.Start(websockify, [.. arguments]);
        try
        {
            await LoopbackPorts.WaitUntilListeningAsync(port, process, cancellationToken);
            return new WebsockifyPeer(process, new Uri($"{(certificate is null ? "ws" : "wss")}://127.0.0.1:{port}/websockify"), directory);
        }
        catch
        {
            await process.DisposeAsync();
            DeleteDirectory(directory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        DeleteDirectory(directory);
    }

    private static void DeleteDirectory(string? directory)
    {
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
