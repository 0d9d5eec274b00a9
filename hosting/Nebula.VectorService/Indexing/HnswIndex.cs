using System.Runtime.InteropServices;

namespace Nebula.VectorService.Indexing;

/// <summary>
/// An HNSW index of float32 vectors over USearch's C API (the native library of Cloud.Unum.USearch). Its managed
/// wrapper cannot reserve capacity (so every add reallocates: 0.6 ms per vector at 25k) nor set threads or the search
/// breadth, so we call the C functions directly. Adds and searches may run concurrently once capacity is reserved.
/// </summary>
internal sealed partial class HnswIndex : IDisposable
{
    private const string Library = "libusearch_c";
    private const uint MetricCosine = 1;
    private const uint ScalarFloat32 = 1;

    private readonly Lock _expansionLock = new();
    private IntPtr _handle;
    private nuint _currentExpansion;

    public HnswIndex(int dimensions, int connectivity, int expansionAdd, int expansionSearch, int threads)
    {
        var options = new InitOptions
        {
            MetricKind = MetricCosine,
            Quantization = ScalarFloat32,
            Dimensions = (nuint)dimensions,
            Connectivity = (nuint)connectivity,
            ExpansionAdd = (nuint)expansionAdd,
            ExpansionSearch = (nuint)expansionSearch,
        };
        _handle = Init(ref options, out var error);
        ThrowIfError(error, "init");
        Dimensions = dimensions;
        _currentExpansion = (nuint)expansionSearch;
        ChangeThreadsAdd(_handle, (nuint)threads, out error);
        ThrowIfError(error, "threads_add");
        ChangeThreadsSearch(_handle, (nuint)threads, out error);
        ThrowIfError(error, "threads_search");
    }

    public int Dimensions { get; }

    public long Count
    {
        get
        {
            var size = Size(_handle, out var error);
            ThrowIfError(error, "size");
            return (long)size;
        }
    }

    /// <summary>Makes room for <paramref name="capacity"/> vectors in all; required before concurrent adds.</summary>
    public void Reserve(long capacity)
    {
        var current = Capacity(_handle, out var error);
        ThrowIfError(error, "capacity");
        if ((nuint)capacity <= current)
        {
            return;
        }

        ReserveNative(_handle, (nuint)capacity, out error);
        ThrowIfError(error, "reserve");
    }

    public unsafe void Add(ulong key, ReadOnlySpan<float> vector)
    {
        CheckDimensions(vector);
        fixed (float* data = vector)
        {
            AddNative(_handle, key, (IntPtr)data, ScalarFloat32, out var error);
            ThrowIfError(error, "add");
        }
    }

    /// <summary>Copies the vector stored under <paramref name="key"/> (as added: float32 is kept as is); false when there is none.</summary>
    public unsafe bool TryGet(ulong key, Span<float> vector)
    {
        CheckDimensions(vector);
        fixed (float* data = vector)
        {
            // usearch_get never sets its error argument, so it starts (and stays) empty.
            var error = IntPtr.Zero;
            var found = GetNative(_handle, key, 1, (IntPtr)data, ScalarFloat32, ref error);
            ThrowIfError(error, "get");
            return found > 0;
        }
    }

    public bool Remove(ulong key)
    {
        var removed = RemoveNative(_handle, key, out var error);
        ThrowIfError(error, "remove");
        return removed > 0;
    }

    /// <summary>Approximate nearest neighbours: fills keys and cosine distances (1 − similarity), returns how many.</summary>
    public unsafe int Search(ReadOnlySpan<float> query, int expansion, Span<ulong> keys, Span<float> distances)
    {
        CheckDimensions(query);
        if ((nuint)expansion != _currentExpansion)
        {
            // USearch's C API has no per-call breadth: the index-wide one changes when a caller asks for another.
            // A search running meanwhile may use either value; both are valid breadths.
            lock (_expansionLock)
            {
                ChangeExpansionSearch(_handle, (nuint)expansion, out var changeError);
                ThrowIfError(changeError, "expansion_search");
                _currentExpansion = (nuint)expansion;
            }
        }

        fixed (float* q = query)
        fixed (ulong* k = keys)
        fixed (float* d = distances)
        {
            var found = SearchNative(_handle, (IntPtr)q, ScalarFloat32, (nuint)Math.Min(keys.Length, distances.Length), (IntPtr)k, (IntPtr)d, out var error);
            ThrowIfError(error, "search");
            return (int)found;
        }
    }

    public void Save(string path)
    {
        SaveNative(_handle, path, out var error);
        ThrowIfError(error, "save");
    }

    public void Load(string path)
    {
        LoadNative(_handle, path, out var error);
        ThrowIfError(error, "load");
    }

    private void CheckDimensions(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Expected {Dimensions} dimensions, got {vector.Length}.", nameof(vector));
        }
    }

    private static void ThrowIfError(IntPtr error, string operation)
    {
        if (error != IntPtr.Zero)
        {
            throw new InvalidOperationException($"usearch_{operation}: {Marshal.PtrToStringUTF8(error)}");
        }
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            Free(_handle, out _);
            _handle = IntPtr.Zero;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct InitOptions
    {
        public uint MetricKind;
        public IntPtr Metric;
        public uint Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }

    [LibraryImport(Library, EntryPoint = "usearch_init")]
    private static partial IntPtr Init(ref InitOptions options, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_free")]
    private static partial void Free(IntPtr index, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_size")]
    private static partial nuint Size(IntPtr index, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_capacity")]
    private static partial nuint Capacity(IntPtr index, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    private static partial void ReserveNative(IntPtr index, nuint capacity, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_add")]
    private static partial void AddNative(IntPtr index, ulong key, IntPtr vector, uint vectorKind, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_get")]
    private static partial nuint GetNative(IntPtr index, ulong key, nuint count, IntPtr vector, uint vectorKind, ref IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_remove")]
    private static partial nuint RemoveNative(IntPtr index, ulong key, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    private static partial nuint SearchNative(IntPtr index, IntPtr query, uint queryKind, nuint count, IntPtr keys, IntPtr distances, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    private static partial void ChangeExpansionSearch(IntPtr index, nuint expansion, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_add")]
    private static partial void ChangeThreadsAdd(IntPtr index, nuint threads, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_search")]
    private static partial void ChangeThreadsSearch(IntPtr index, nuint threads, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_save", StringMarshalling = StringMarshalling.Utf8)]
    private static partial void SaveNative(IntPtr index, string path, out IntPtr error);

    [LibraryImport(Library, EntryPoint = "usearch_load", StringMarshalling = StringMarshalling.Utf8)]
    private static partial void LoadNative(IntPtr index, string path, out IntPtr error);
}
