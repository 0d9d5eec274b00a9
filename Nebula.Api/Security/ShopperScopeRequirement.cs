using Microsoft.AspNetCore.Authorization;

namespace Nebula.Api.Security;

/// <summary>
/// A shopper token reaches only its own user: on a route with a user id (<c>{userId}</c> or the original's
/// <c>{user_id}</c>), a token for another user is refused. Keys are not limited by it. Bodies that name users are
/// checked by the routes that read them (<see cref="ShopperScope"/>).
/// </summary>
public sealed class ShopperScopeRequirement : AuthorizationHandler<ShopperScopeRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ShopperScopeRequirement requirement)
    {
        var routeUser = context.Resource is HttpContext http
            ? (http.GetRouteValue("userId") ?? http.GetRouteValue("user_id")) as string
            : null;
        if (routeUser is null || ShopperScope.Allows(context.User, routeUser))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, ShopperScope.Refusal(context.User)));
        }

        return Task.CompletedTask;
    }
}
