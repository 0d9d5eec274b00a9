using System.Diagnostics;

namespace Nebula.Benchmarks;

/// <summary>
/// What this process spent over one phase: CPU, bytes allocated and time paused by the garbage collector. Per event
/// these vary far less between runs than events per second on shared cores, so a change to allocation shows in them
/// when throughput's spread hides it. The whole process counts: the worker and whatever infrastructure runs inside it.
/// </summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, long Allocated, TimeSpan Paused, int Gen0, int Gen1, int Gen2, long Ticks)
{
    public static ProcessCost Now() => new(
        Environment.CpuUsage.TotalTime,
        GC.GetTotalAllocatedBytes(precise: false),
        GC.GetTotalPauseDuration(),
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        Stopwatch.GetTimestamp());

    /// <summary>One line: cores used, CPU and allocation per event, the share of the phase paused, collections by generation.</summary>
    public string Since(ProcessCost start, long events)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Ticks, Ticks).TotalSeconds;
        var cpu = (Cpu - start.Cpu).TotalSeconds;
        var paused = (Paused - start.Paused).TotalSeconds;
        // A collection of gen1 counts as gen0 too (and gen2 as both): the counts are cumulative by generation.
        return $"cost: {cpu / seconds:0.00} cores, {cpu * 1e6 / events:0} µs CPU and {(Allocated - start.Allocated) / 1024.0 / events:0.0} KB allocated per event; " +
               $"GC paused {paused * 100 / seconds:0.0}% of the phase ({Gen0 - start.Gen0} gen0, {Gen1 - start.Gen1} gen1, {Gen2 - start.Gen2} gen2 collections)";
    }

    /// <summary>How long the collector paused the process since <paramref name="start"/>, and in how many collections of any generation.</summary>
    public string PausesSince(ProcessCost start) =>
        $"its own GC paused it {(Paused - start.Paused).TotalMilliseconds:0} ms in {Gen0 - start.Gen0} collections";
}
