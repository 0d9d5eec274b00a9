using System.Security.Claims;

namespace Nebula.Api.Security;

/// <summary>The one rule of shopper tokens: a caller holding one acts for its own user only.</summary>
public static class ShopperScope
{
    public static bool Allows(ClaimsPrincipal user, string userId) =>
        ApiClaims.ShopperOf(user) is not { } shopper || string.Equals(shopper, userId, StringComparison.Ordinal);

    public static string Refusal(ClaimsPrincipal user) =>
        $"This shopper token is for user '{ApiClaims.ShopperOf(user)}' and cannot act for another.";

    /// <summary>403 when the caller holds a shopper token for a user other than <paramref name="userId"/>; null otherwise.</summary>
    public static IResult? Check(ClaimsPrincipal user, string? userId) =>
        userId is null || Allows(user, userId)
            ? null
            : TypedResults.Problem(Refusal(user), statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
