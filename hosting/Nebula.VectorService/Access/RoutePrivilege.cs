namespace Nebula.VectorService.Access;

/// <summary>
/// What a route needs: <paramref name="Privilege"/> on an object of <paramref name="ObjectType"/>, the object named by
/// the body's <paramref name="ObjectField"/> (none: any object, as for Global privileges).
/// </summary>
internal sealed record RoutePrivilege(string ObjectType, string Privilege, string? ObjectField = null, bool SelfAllowed = false);
