namespace Nebula.Milvus.Access;

/// <summary>
/// A Milvus user that should hold exactly one role, and that role exactly <paramref name="Grants"/>: what
/// <see cref="MilvusAccessProvisioner"/> makes true on a server.
/// </summary>
public sealed record MilvusUserSpec(string UserName, string Password, string RoleName, IReadOnlyList<MilvusGrant> Grants);
