namespace OvhIkvm.Simulators.Bmc;

/// <summary>One IVTP packet a client sent, as tests inspect it.</summary>
/// <param name="Command">The packet type.</param>
/// <param name="Status">The status field.</param>
/// <param name="Payload">The payload bytes.</param>
/// <param name="MessageIndex">Which WebSocket message (counted per connection) completed it.</param>
public sealed record BmcPacketRecord(ushort Command, ushort Status, ReadOnlyMemory<byte> Payload, int MessageIndex);
