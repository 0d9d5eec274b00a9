namespace Nebula.VectorService.Access;

/// <summary>A privilege a role holds on one object (or <c>*</c>, every object of the type).</summary>
internal sealed record AccessGrant(string ObjectType, string ObjectName, string Privilege);
