using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Nebula.Api.Security;

namespace Nebula.UnitTests.Api;

public sealed class ApiAccessOptionsTests
{
    private const string Secret = "unit-test-secret-0000000000000000000000";

    [Fact]
    public void Settings_without_any_key_fail_saying_how_to_give_one()
    {
        var errors = Validate(new ApiAccessOptions());

        Assert.Contains(errors, e => e.Contains("Nebula:Api:Access:Keys", StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_shorter_than_the_minimum_fails()
    {
        var errors = Validate(With(new ApiKeyOptions { Secret = "short", Roles = ApiRoles.Read }));

        Assert.Contains(errors, e => e.Contains("at least 32", StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_that_does_not_exist_fails_naming_the_roles_that_do()
    {
        var errors = Validate(With(new ApiKeyOptions { Secret = Secret, Roles = "read,write" }));

        Assert.Contains(errors, e => e.Contains("ingest, read, admin", StringComparison.Ordinal));
    }

    [Fact]
    public void The_admin_role_implies_the_others()
    {
        Assert.Equal(ApiRoles.All, ApiRoles.Parse("admin"));
    }

    [Fact]
    public void The_key_ring_finds_a_configured_key_with_its_roles()
    {
        var ring = new ApiKeyRing(Options.Create(With(new ApiKeyOptions { Secret = Secret, Roles = "read, ingest" })));

        Assert.Equal(("ui", (IReadOnlyList<string>)[ApiRoles.Read, ApiRoles.Ingest]), ring.Find(Secret)!.Value, new FoundComparer());
        Assert.Null(ring.Find(Secret + "x"));
        Assert.Null(ring.Find(Secret[..^1]));
    }

    private static ApiAccessOptions With(ApiKeyOptions key) => new() { Keys = { ["ui"] = key } };

    private static List<string> Validate(ApiAccessOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "")];
    }

    private sealed class FoundComparer : IEqualityComparer<(string Name, IReadOnlyList<string> Roles)>
    {
        public bool Equals((string Name, IReadOnlyList<string> Roles) x, (string Name, IReadOnlyList<string> Roles) y) =>
            x.Name == y.Name && x.Roles.SequenceEqual(y.Roles);

        public int GetHashCode((string Name, IReadOnlyList<string> Roles) obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
