using System.Globalization;

namespace OvhIkvm.Startup;

/// <summary>
/// CPU time a process has used (all its threads, user and kernel), from Linux's /proc. Unlike wall-clock time it
/// hardly moves when other work shares the cores, but it counts in clock ticks (USER_HZ, 100 a second on Linux):
/// each reading is rounded to 10 ms, which medians over runs smooth out.
/// </summary>
internal static class ProcessCpu
{
    private const double MillisecondsPerTick = 10;

    public static double UsedMs(int processId)
    {
        // The command name in parentheses may hold spaces; the fields after it are fixed: utime is the 14th field
        // and stime the 15th, counted from the pid.
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
        return ticks * MillisecondsPerTick;
    }
}
