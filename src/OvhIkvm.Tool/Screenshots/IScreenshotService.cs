using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Screenshots;

/// <summary>The whole screenshot pipeline: console access, KVM session, frame, PNG.</summary>
internal interface IScreenshotService
{
    /// <param name="serverId">A server id from the console directory.</param>
    /// <param name="raw">True for the frame exactly as captured; false for the LLM-vision rendering.</param>
    /// <param name="progress">Receives the slow steps (grant, task polling, connection).</param>
    /// <param name="cancellationToken">Cancels the capture.</param>
    /// <exception cref="ConsoleException">A step failed in an expected way; the message says what to do.</exception>
    Task<Screenshot> CaptureAsync(string serverId, bool raw, IProgress<ConsoleProgress>? progress, CancellationToken cancellationToken);
}
