namespace Nebula.Api.Services;

/// <summary>
/// What a ProblemDetails says when the framework refused a request before any of our code ran (status-code pages):
/// no route, a method the route does not take, a body too large or of the wrong type.
/// </summary>
public static class BareStatusDetails
{
    public static string? For(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"No route matches {context.Request.Method} {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Path} does not take {context.Request.Method}.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this route accepts.",
        StatusCodes.Status415UnsupportedMediaType => "This route takes a JSON body: send Content-Type: application/json (UTF-8).",
        StatusCodes.Status400BadRequest => "The request is malformed.",
        _ => null,
    };
}
