using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>
/// Reads the targets file, which must be a regular file of reasonable size. A path to /dev/zero, a FIFO nobody writes
/// to, a terminal or a directory must give a clear error at once, never fill memory or hang the server.
/// </summary>
internal static class TargetsFileReader
{
    /// <summary>A hand-written list of servers is a few KiB; a megabyte is thousands of targets, and bounds what one bad path costs.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <returns>The file's bytes, or null with <paramref name="problem"/> saying what is wrong in the words of "the targets file is invalid: …".</returns>
    public static byte[]? Read(string path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            problem = "it is a directory; name the JSON file itself";
            return null;
        }

        if (!File.Exists(path))
        {
            problem = "the file does not exist";
            return null;
        }

        try
        {
            using var handle = Open(path, out problem);
            return handle is null ? null : ReadBounded(handle, out problem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"it could not be read ({ex.Message.TrimEnd('.')})";
            return null;
        }
    }

    private static SafeFileHandle? Open(string path, out string? problem)
    {
        problem = null;
        if (OperatingSystem.IsWindows())
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }

        var descriptor = NativeMethods.OpenNonBlocking(path);
        if (descriptor < 0)
        {
            problem = $"it could not be opened ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})";
            return null;
        }

        return new SafeFileHandle(descriptor, ownsHandle: true);
    }

    private static byte[]? ReadBounded(SafeFileHandle handle, out string? problem)
    {
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        if (!stream.CanSeek)
        {
            // Pipes, FIFOs, sockets and terminals: their content is whatever a writer sends, whenever it sends it.
            problem = "it is not a regular file (a pipe, socket or terminal); name a JSON file";
            return null;
        }

        var reported = RandomAccess.GetLength(handle);
        if (reported > MaxBytes)
        {
            problem = $"the file is larger than {MaxBytes / 1024} KiB, which no list of targets needs";
            return null;
        }

        // One byte more than the file system reports: a regular file holds what its size says, while a device such as
        // /dev/zero reports no size and never ends.
        var buffer = new byte[reported + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > reported)
        {
            problem = "it is not a regular file (a device, or a file still being written); name a JSON file";
            return null;
        }

        problem = null;
        return buffer[..length];
    }
}
