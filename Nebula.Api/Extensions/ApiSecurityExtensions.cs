using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Nebula.Api.Security;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Nebula.Api.Extensions;

/// <summary>
/// Who may call what: API keys with roles and shopper tokens (<see cref="ApiKeyAuthenticationHandler"/>), one policy
/// per role, every other route closed unless it says it is open, refusals as ProblemDetails, and trace context
/// continued only for callers with a key.
/// </summary>
public static partial class ApiSecurityExtensions
{
    /// <summary>The policy of the token route: a key (not a shopper token) that may read or ingest.</summary>
    public const string MintTokensPolicy = "mint-tokens";

    /// <summary>
    /// The policy of the merge route: a key (not a shopper token, which could otherwise take any guest's history) that
    /// may ingest, as the shop's server that signs shoppers in has.
    /// </summary>
    public const string MergeUsersPolicy = "merge-users";

    public static void AddApiSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiAccessOptions>().BindConfiguration(ApiAccessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddSingleton(services => new ShopperTokenCodec(SigningKey(
            services.GetRequiredService<IOptions<ApiAccessOptions>>().Value, services.GetRequiredService<ILogger<ShopperTokenCodec>>())));

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ApiRoles.Ingest, policy => policy.RequireRole(ApiRoles.Ingest).AddRequirements(new ShopperScopeRequirement()))
            .AddPolicy(ApiRoles.Read, policy => policy.RequireRole(ApiRoles.Read).AddRequirements(new ShopperScopeRequirement()))
            .AddPolicy(ApiRoles.Admin, policy => policy.RequireRole(ApiRoles.Admin))
            .AddPolicy(MintTokensPolicy, policy => policy.RequireClaim(ApiClaims.KeyName).RequireRole(ApiRoles.Read, ApiRoles.Ingest))
            .AddPolicy(MergeUsersPolicy, policy => policy.RequireClaim(ApiClaims.KeyName).RequireRole(ApiRoles.Ingest));

        // ASP.NET Core takes a request's trace context through this propagator; OpenTelemetry's instrumentation would
        // otherwise extract it (and baggage) again through its own default, so that default is trace context only.
        builder.Services.AddSingleton<DistributedContextPropagator, TrustedCallerPropagator>();
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
    }

    private static byte[] SigningKey(ApiAccessOptions options, ILogger logger)
    {
        if (options.ShopperTokenKey is { Length: > 0 } key)
        {
            return Encoding.UTF8.GetBytes(key);
        }

        LogNoSigningKey(logger);
        return RandomNumberGenerator.GetBytes(32);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nebula:Api:Access:ShopperTokenKey is not set: shopper tokens are signed with a key of this process only, so another replica or a restart refuses them")]
    private static partial void LogNoSigningKey(ILogger logger);
}
