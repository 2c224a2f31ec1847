using System.Runtime.InteropServices;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>
/// open(2) with O_NONBLOCK, which .NET's file APIs cannot ask for: opening a FIFO for reading otherwise blocks until
/// some process opens it for writing, and .NET reports no file type (FIFO, device) before a file is opened.
/// </summary>
internal static class NativeMethods
{
    private const int ReadOnly = 0;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>A read-only, non-blocking, close-on-exec descriptor, or -1 with the error in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    public static int OpenNonBlocking(string path)
    {
        // The flag values differ between kernels; these are the ABI constants of each.
        var flags = OperatingSystem.IsLinux() ? ReadOnly | 0x800 | 0x80000
            : OperatingSystem.IsFreeBSD() ? ReadOnly | 0x4 | 0x100000
            : ReadOnly | 0x4 | 0x1000000;
        return Open(path, flags);
    }
}
