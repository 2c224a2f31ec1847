using System.Globalization;

namespace OvhIkvm.Startup;

/// <summary>Resident memory of a running process, from Linux's /proc (the harness is Linux-only, like the AOT package).</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set size now.</summary>
    public static double ResidentMiB(int processId) => Read(processId, "VmRSS:");

    /// <summary>The highest resident set size the process has had (its "high water mark").</summary>
    public static double PeakResidentMiB(int processId) => Read(processId, "VmHWM:");

    private static double Read(int processId, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kib = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        throw new InvalidOperationException($"/proc/{processId}/status has no {field}");
    }
}
