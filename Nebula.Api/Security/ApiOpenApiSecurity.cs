using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nebula.Api.Security;

/// <summary>
/// Declares the Api's two ways to send a credential in the OpenAPI document, so that clients generated from it send
/// one and the Scalar page's "Try it" asks for one: <c>X-Api-Key</c>, or <c>Authorization: Bearer</c> (a key or a
/// shopper token). Either satisfies the document's security requirement.
/// </summary>
public sealed class ApiOpenApiSecurity : IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";

    public const string BearerSchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiCredentials.ApiKeyHeader,
            Description = $"An API key. Its roles ({string.Join(", ", ApiRoles.All)}) decide which routes it may call.",
        };
        document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, or a shopper token from POST /tokens/shopper (one user's events and lists only).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}
