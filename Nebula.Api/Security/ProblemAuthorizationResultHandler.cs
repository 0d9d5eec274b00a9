using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Net.Http.Headers;

namespace Nebula.Api.Security;

/// <summary>
/// A refused request gets a ProblemDetails that says why: 401 when it carries no valid credential (none, a wrong key,
/// a tampered or expired token), 403 when its credential lacks the route's role or is a shopper token for another user.
/// </summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            // The handler keeps its result for the request, so this is the failure authentication already met, if any.
            var failure = (await context.AuthenticateAsync()).Failure?.Message;
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer, ApiKey";
            await TypedResults.Problem(
                failure ?? $"This route needs an API key or a shopper token: send 'Authorization: Bearer <key>' or '{ApiCredentials.ApiKeyHeader}: <key>'.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
        }
        else if (authorizeResult.Forbidden)
        {
            var reason = authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message;
            var roles = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault()?.AllowedRoles;
            await TypedResults.Problem(
                roles is not null ? $"This route needs the role '{string.Join("' or '", roles)}', which this credential does not carry."
                : reason ?? "This credential may not use this route.",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
        }
        else
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
