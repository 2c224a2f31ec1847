using OvhIkvm.Imaging;

namespace OvhIkvm.Kvm.Ami;

/// <summary>The end of one IVTP conversation: a complete screen, or the validation code of a refused session.</summary>
internal sealed record IvtpCaptureResult(Frame? Frame, byte ValidationCode)
{
    public static IvtpCaptureResult Captured(Frame frame) => new(frame, 1);

    public static IvtpCaptureResult Rejected(byte code) => new(null, code);
}
