using Microsoft.Extensions.Options;
using Nebula.Catalog.Storage;
using Nebula.Core.Contracts;
using Nebula.Milvus;

namespace Nebula.Embedder.Loading;

/// <summary>The existing collection is not in the items schema.</summary>
internal sealed class SchemaMismatchException(string message) : Exception(message);
