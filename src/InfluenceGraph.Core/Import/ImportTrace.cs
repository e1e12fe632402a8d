using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace InfluenceGraph.Core.Import;

/// <summary>
/// Per-phase wall and CPU time of an import, written to standard error when the environment variable
/// <c>INFLUENCEGRAPH_IMPORT_TRACE</c> is <c>1</c> (off otherwise: then <see cref="Mark"/> costs one field read).
/// Each line reads <c>import-trace: PHASE wall W s cpu C s (cores C/W)</c>: W is the wall time since the previous
/// mark, C the CPU time of the whole process (all threads, user + system) over the same stretch, so cores near 1
/// shows a stretch where one core works and the other idles; on Linux the line adds <c>thread T s</c>, the CPU time of
/// the calling (importing) thread alone over the stretch (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): under load,
/// when wall times mean little, T is the stretch's serial bound. For profiling only; the report and the store are
/// the same with and without it.
/// </summary>
internal static class ImportTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("INFLUENCEGRAPH_IMPORT_TRACE") == "1";
    private static readonly object Gate = new();
    private static long _lastTicks = Stopwatch.GetTimestamp();
    private static TimeSpan _lastCpu = Enabled ? Process.GetCurrentProcess().TotalProcessorTime : TimeSpan.Zero;
    [ThreadStatic] private static double _lastThreadCpu;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU seconds of the calling thread (Linux), or NaN elsewhere.</summary>
    private static double ThreadCpu()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        try { return ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : double.NaN; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return double.NaN; }
    }

    /// <summary>Ends the phase <paramref name="phase"/> (from the previous mark to now) and prints its line when tracing is on.</summary>
    public static void Mark(string phase)
    {
        if (!Enabled) return;
        lock (Gate)
        {
            long now = Stopwatch.GetTimestamp();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            double wall = Stopwatch.GetElapsedTime(_lastTicks, now).TotalSeconds, used = (cpu - _lastCpu).TotalSeconds;
            double thread = ThreadCpu(), own = thread - _lastThreadCpu;
            _lastThreadCpu = thread;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"import-trace: {phase} wall {wall:F3} s cpu {used:F3} s (cores {(wall > 0 ? used / wall : 0):F2}){(double.IsNaN(own) ? "" : $" thread {own:F3} s")}"));
            _lastTicks = now;
            _lastCpu = cpu;
        }
    }
}
