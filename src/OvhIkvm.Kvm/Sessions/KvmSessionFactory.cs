using Microsoft.Extensions.Logging;
using OvhIkvm.Kvm.Ami;
using OvhIkvm.Consoles;

namespace OvhIkvm.Kvm.Sessions;

/// <summary>
/// Chooses the KVM protocol for an endpoint: a direct AMI BMC logs in; a viewer page is fetched once (it is a
/// one-time URL) and inspected; a VNC endpoint goes to the RFB client.
/// </summary>
internal sealed partial class KvmSessionFactory(AmiSessionOpener ami, IRfbSessionOpener rfb, ILogger<KvmSessionFactory> logger) : IKvmSessionFactory
{
    public async Task<IKvmSession> OpenAsync(ConsoleEndpoint endpoint, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        switch (endpoint)
        {
            case AmiBmcEndpoint direct:
                return await ami.OpenWithLoginAsync(direct, progress, cancellationToken).ConfigureAwait(false);

            case VncEndpoint vnc:
                return await rfb.OpenAsync(vnc, progress, cancellationToken).ConfigureAwait(false);

            case ViewerPageEndpoint viewer:
                var page = await ami.FetchViewerPageAsync(viewer.ViewerUrl, progress, cancellationToken).ConfigureAwait(false);
                switch (ViewerPageClassifier.Classify(page))
                {
                    case ViewerPageClassification.Ami found:
                        LogDetected(logger, page.Host, "AMI/ASRockRack", found.Evidence);
                        return await ami.OpenFromViewerPageAsync(page, progress, cancellationToken).ConfigureAwait(false);
                    case ViewerPageClassification.NoVnc found:
                        LogDetected(logger, page.Host, "noVNC", found.Evidence);
                        return await rfb.OpenAsync(found.Endpoint with { ExpiresAt = viewer.ExpiresAt }, progress, cancellationToken).ConfigureAwait(false);
                    case ViewerPageClassification.Misdirected misdirected:
                        throw new ConsoleException(misdirected.Description);
                    case ViewerPageClassification.Unrecognised unknown:
                        throw unknown.AccessRefused ? new ConsoleAccessRefusedException(unknown.Description) : new ConsoleException(unknown.Description);
                }

                break;
        }

        throw new ConsoleException($"Console endpoints of type {endpoint.GetType().Name} are not supported by this build.");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The viewer page of {Host} is an {Kind} viewer ({Evidence})")]
    private static partial void LogDetected(ILogger logger, string host, string kind, string evidence);
}
