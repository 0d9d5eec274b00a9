using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Nebula.Milvus;
using StackExchange.Redis;

namespace Nebula.Api.Services;

/// <summary>
/// Turns the failures a client can act on into ProblemDetails: a body that cannot be read (400, 413, 415)
/// and an unavailable Redis or Milvus (503 with <c>Retry-After</c>), never a bare 500. A broker that does not
/// acknowledge is not an exception: <see cref="Apis.InteractionResults"/> answers it. A 503 says what is unavailable,
/// never the client's error message, which names internal addresses; that goes to the log.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, IOptions<ApiOptions> options, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        (int Status, string Title, string Detail)? problem = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                _ => "Malformed request",
            }, bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message),
            RedisConnectionException or RedisTimeoutException =>
                (StatusCodes.Status503ServiceUnavailable, "Cache unavailable", "Redis did not answer."),
            MilvusException { Code: MilvusErrorCodes.CollectionNotFound or MilvusErrorCodes.CollectionNotLoaded } =>
                (StatusCodes.Status503ServiceUnavailable, "Catalogue not loaded", "The items collection is not ready yet; the Embedder may still be loading the catalogue."),
            MilvusException { IsTransient: true } or HttpRequestException or TimeoutException =>
                (StatusCodes.Status503ServiceUnavailable, "Vector database unavailable", "Milvus did not answer."),
            _ => null,
        };
        if (problem is not { } p || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = p.Status;
        if (p.Status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(logger, p.Title, exception);
            httpContext.Response.Headers.RetryAfter = Apis.InteractionResults.RetryAfterSeconds(options.Value).ToString(CultureInfo.InvariantCulture);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = p.Status, Title = p.Title, Detail = p.Detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 ({Title})")]
    private static partial void LogUnavailable(ILogger logger, string title, Exception error);
}
