namespace OvhIkvm.Simulators.Aspeed;

/// <summary>One encoded frame: the bitstream (ends with the end code and a zero word, length a multiple of 4).</summary>
/// <param name="Bitstream">What follows the BMC's video header (its CompressSize is the length).</param>
/// <param name="BlockCount">Blocks coded, pass-2 refinements included (the header's NumberOfMB).</param>
public sealed record AspeedEncodedFrame(byte[] Bitstream, int BlockCount);
