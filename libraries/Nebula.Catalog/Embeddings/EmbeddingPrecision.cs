using System.Diagnostics.CodeAnalysis;

namespace Nebula.Catalog.Embeddings;

/// <summary>The arithmetic the encoder's weight matrices run in.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The values name number formats; that is what they mean.")]
public enum EmbeddingPrecision
{
    /// <summary>The published model as it is.</summary>
    Float32,

    /// <summary>
    /// The weight matrices quantised to int8 when the model loads (<see cref="Int8ModelQuantizer"/>): about twice the
    /// texts per second on a CPU, vectors within a cosine of about 0.99 of the float ones.
    /// </summary>
    Int8,
}
