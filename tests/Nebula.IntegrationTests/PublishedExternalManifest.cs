namespace Nebula.IntegrationTests;

/// <summary>The manifest published with <c>--infra external</c>: the infrastructure as connection-string parameters.</summary>
public sealed class PublishedExternalManifest : PublishedManifest
{
    protected override IEnumerable<string> ExtraArguments => ["--infra", "external"];
}
