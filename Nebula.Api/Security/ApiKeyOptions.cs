namespace Nebula.Api.Security;

/// <summary>One API key: its secret and what it may do (<see cref="ApiRoles"/>, comma-separated).</summary>
public sealed class ApiKeyOptions
{
    public string Secret { get; set; } = "";

    public string Roles { get; set; } = "";
}
