namespace OvhIkvm.Kvm.Ami.Ivtp;

/// <summary>The BMC broke the IVTP protocol. The message names what was wrong and carries no secret.</summary>
internal sealed class IvtpProtocolException(string message) : Exception(message);
