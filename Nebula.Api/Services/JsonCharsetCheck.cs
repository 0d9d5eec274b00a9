using Microsoft.Net.Http.Headers;

namespace Nebula.Api.Services;

/// <summary>
/// Refuses a body whose declared charset is not UTF-8 with 415 before a route reads it: the JSON reader would transcode
/// some (UTF-16) and throw on others (UTF-7 is disabled in .NET), which would be a 500. JSON is UTF-8 (RFC 8259).
/// </summary>
public sealed class JsonCharsetCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.Charset.HasValue
            && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            await TypedResults.Problem(
                $"Request bodies are UTF-8 JSON; the charset '{type.Charset}' is not accepted.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
