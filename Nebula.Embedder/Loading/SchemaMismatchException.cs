namespace Nebula.Embedder.Loading;

/// <summary>The existing collection is not in the items schema.</summary>
internal sealed class SchemaMismatchException(string message) : Exception(message);
