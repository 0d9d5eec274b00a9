using System.Globalization;

namespace Nebula.Benchmarks;

/// <summary>A process's memory as Linux reports it in <c>/proc/&lt;pid&gt;/status</c> (VmRSS now, VmHWM its peak), in kB.</summary>
internal static class ProcessMemory
{
    public static long Read(int processId, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0; // The process has exited.
        }
    }
}
