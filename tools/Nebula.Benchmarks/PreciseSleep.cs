using System.Runtime.InteropServices;

namespace Nebula.Benchmarks;

/// <summary>
/// A sleep shorter than a millisecond. <see cref="Thread.Sleep(int)"/> counts whole milliseconds (and wakes 1.05 ms or
/// more after a 1 ms request on Linux), so a paced loop at 2,000 per second started its calls up to a millisecond late,
/// and the load generators count that lateness against the system they measure. On Linux this asks the kernel for the
/// nanoseconds left (<c>clock_nanosleep</c>, relative), which wakes within the timer slack (50 µs by default);
/// elsewhere it falls back to whole milliseconds.
/// </summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;

    public static void For(TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(Math.Max(1, (int)wait.TotalMilliseconds));
            return;
        }

        var nanoseconds = wait.Ticks * 100;
        var request = new Timespec(nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000);
        // An interruption by a signal (EINTR) returns early; the caller's loop sleeps again for what is left.
        _ = ClockNanosleep(ClockMonotonic, 0, in request, IntPtr.Zero);
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, in Timespec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timespec(long Seconds, long Nanoseconds);
}
