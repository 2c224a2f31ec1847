using Microsoft.Extensions.Logging;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb.Transport;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Rfb;

/// <summary>Connects to a VNC server (TCP or WebSocket) and completes the RFB handshake, ready to capture.</summary>
internal sealed class RfbSessionConnector(RfbOptions options, ILogger<RfbSession> logger, TimeProvider timeProvider, DecodeMemoryBudget memory) : IRfbSessionOpener
{
    public async Task<IKvmSession> OpenAsync(VncEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var started = timeProvider.GetTimestamp();
        var server = RfbTransport.Describe(endpoint.Address);
        RfbLog.Connecting(logger, server);
        progress?.Report(new ConsoleProgress($"connecting to VNC server {server}", timeProvider.GetElapsedTime(started)));
        var stream = await RfbTransport.ConnectAsync(endpoint, options.ConnectTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            progress?.Report(new ConsoleProgress("VNC handshake", timeProvider.GetElapsedTime(started)));
            using var deadline = new Deadline(options.HandshakeTimeout, timeProvider, cancellationToken);
            try
            {
                var reader = new RfbReader(stream);
                var serverInit = await new RfbHandshake(stream, reader, options, $"The VNC server at {server}")
                    .PerformAsync(endpoint.Password, deadline.Token).ConfigureAwait(false);
                RfbLog.Connected(logger, server, serverInit.Version, serverInit.Width, serverInit.Height, serverInit.PixelFormat.BitsPerPixel, serverInit.DesktopName);
                var session = new RfbSession(stream, reader, serverInit, options, server, logger, timeProvider, memory);
                await session.ConfigureAsync(deadline.Token).ConfigureAwait(false);
                return session;
            }
            catch (OperationCanceledException ex) when (deadline.Expired && !cancellationToken.IsCancellationRequested)
            {
                throw new RfbProtocolException(
                    $"The VNC server at {server} did not complete the RFB handshake within {options.HandshakeTimeout.TotalSeconds:0} s.", ex);
            }
            catch (IOException ex)
            {
                throw new RfbProtocolException($"The connection to the VNC server at {server} failed during the handshake.", ex);
            }
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
