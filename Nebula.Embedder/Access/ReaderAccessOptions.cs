using System.ComponentModel.DataAnnotations;
using Nebula.Core.Contracts;
using Nebula.Milvus.Access;

namespace Nebula.Embedder.Access;

/// <summary>
/// The read-only Milvus user the Embedder keeps for the Api and the StreamWorker, section <c>Nebula:Embedder:Reader</c>.
/// Without a password there is none to keep (external infrastructure, whose users are its owner's business).
/// </summary>
public sealed class ReaderAccessOptions
{
    public const string SectionName = "Nebula:Embedder:Reader";

    /// <summary>Milvus' rules: a letter, then up to 31 letters, digits or underscores.</summary>
    [Required, RegularExpression(MilvusUserSpec.NamePattern)]
    public string UserName { get; set; } = MilvusUsers.Reader;

    [Required, RegularExpression(MilvusUserSpec.NamePattern)]
    public string RoleName { get; set; } = MilvusUsers.ReaderRole;

    /// <summary>The reader's password (Milvus takes 6 to 256 characters); the AppHost passes a generated secret.</summary>
    [StringLength(MilvusUserSpec.MaxPasswordLength, MinimumLength = MilvusUserSpec.MinPasswordLength)]
    public string? Password { get; set; }
}
