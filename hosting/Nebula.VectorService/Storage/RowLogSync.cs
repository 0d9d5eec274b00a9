namespace Nebula.VectorService.Storage;

/// <summary>When a collection's log reaches the disk (fsync), as Redis's <c>appendfsync</c>.</summary>
public enum RowLogSync
{
    /// <summary>Before each write is answered: nothing acknowledged is lost, at the cost of a sync per write.</summary>
    Always,

    /// <summary>Once a second: a power loss or kernel crash can lose up to a second of writes (a process crash loses none).</summary>
    EverySecond,

    /// <summary>When the operating system decides: the fastest, and up to about 30 s of writes at risk on a power loss.</summary>
    Never,
}
