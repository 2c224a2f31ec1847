using OvhIkvm.Kvm.Ami.Ivtp;
using OvhIkvm.Kvm.Ami.Video;
using OvhIkvm.Kvm.Sessions;

namespace OvhIkvm.Kvm.Tests.Ami;

/// <summary>
/// The reader and the assembler driven directly, in an account of their own that never has to wait: every
/// reservation is granted at once, so their steps complete synchronously, as the wire-format tests expect.
/// </summary>
internal static class UnhinderedIvtp
{
    public static DecodeMemoryAccount Account() => new DecodeMemoryBudget(TimeProvider.System).OpenAccount();

    public static CompressedVideoFrame? Add(this VideoFragmentAssembler assembler, ReadOnlyMemory<byte> payload) =>
        Completed(assembler.AddAsync(payload, CancellationToken.None));

    public static void Receive(this IvtpPacketReader reader, ReadOnlySpan<byte> bytes)
    {
        var room = reader.MakeRoomAsync(bytes.Length, CancellationToken.None);
        if (!room.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("An account of its own never waits for the budget.");
        }

        reader.Append(bytes);
    }

    private static T Completed<T>(ValueTask<T> step) =>
        step.IsCompletedSuccessfully ? step.Result : throw new InvalidOperationException("An account of its own never waits for the budget.");
}
