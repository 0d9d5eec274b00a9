namespace Nebula.VectorService.Storage;

/// <summary>What start-up cut off a collection's log: from <paramref name="Offset"/>, <paramref name="DroppedBytes"/> bytes, because of <paramref name="Reason"/>.</summary>
public sealed record RowLogRepair(long Offset, long DroppedBytes, string Reason);
