using System.ComponentModel.DataAnnotations;
using Nebula.Milvus.Access;

namespace Nebula.Embedder.Access;

/// <summary>
/// One Milvus user the Embedder keeps for a service: the reader (section <c>Nebula:Embedder:Reader</c>, named options
/// <see cref="Reader"/>) for the StreamWorker and the editor (<c>Nebula:Embedder:Editor</c>, <see cref="Editor"/>) for
/// the Api. Without a password there is none to keep (external infrastructure, whose users are its owner's business).
/// </summary>
public sealed class ServiceUserOptions
{
    public const string Reader = "Reader";
    public const string Editor = "Editor";

    /// <summary>The configuration section of the user named <paramref name="name"/> (<see cref="Reader"/> or <see cref="Editor"/>).</summary>
    public static string SectionName(string name) => $"Nebula:Embedder:{name}";

    /// <summary>Milvus' rules: a letter, then up to 31 letters, digits or underscores.</summary>
    [Required, RegularExpression(MilvusUserSpec.NamePattern)]
    public string UserName { get; set; } = "";

    [Required, RegularExpression(MilvusUserSpec.NamePattern)]
    public string RoleName { get; set; } = "";

    /// <summary>The user's password (Milvus takes 6 to 256 characters); the AppHost passes a generated secret.</summary>
    [StringLength(MilvusUserSpec.MaxPasswordLength, MinimumLength = MilvusUserSpec.MinPasswordLength)]
    public string? Password { get; set; }
}
