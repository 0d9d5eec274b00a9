using System.Globalization;
using Nebula.Api.Models;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

/// <summary>
/// The one place where a validation problem or a publish outcome becomes an answer: a ProblemDetails for a single
/// event, an entry of a batch's results, and <c>Retry-After</c> on every 503.
/// </summary>
public static class InteractionResults
{
    /// <summary>202 with the accepted event, or 503 ProblemDetails with <c>Retry-After</c>.</summary>
    public static IResult Accepted(PublishOutcome outcome, ApiOptions options) =>
        outcome.Accepted is { } accepted
            ? TypedResults.Accepted((string?)null, accepted)
            : Unavailable(outcome.Failure!, options);

    /// <summary>503 ProblemDetails saying why, with <c>Retry-After</c>.</summary>
    public static IResult Unavailable(string detail, ApiOptions options) =>
        new WithRetryAfter(TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Event broker unavailable"), options);

    /// <summary>A refused event's entry in a batch.</summary>
    public static InteractionBatchResult Refused(int index, InteractionProblem problem) =>
        new(index, problem.Status, null, null, problem.Errors is null ? problem.Detail : string.Join(" ", problem.Errors.SelectMany(e => e.Value)));

    /// <summary>A published (or not) event's entry in a batch.</summary>
    public static InteractionBatchResult Published(int index, PublishOutcome outcome, ApiOptions options) =>
        outcome.Accepted is { } accepted
            ? new(index, StatusCodes.Status202Accepted, accepted.EventId, accepted.OccurredAt, null)
            : new(index, StatusCodes.Status503ServiceUnavailable, null, null, outcome.Failure, RetryAfterSeconds(options));

    /// <summary>200 with every event's outcome; with <c>Retry-After</c> too when any event got 503.</summary>
    public static IResult Batch(IReadOnlyList<InteractionBatchResult> results, ApiOptions options)
    {
        var accepted = results.Count(r => r.Status == StatusCodes.Status202Accepted);
        IResult ok = TypedResults.Ok(new InteractionBatchResponse(accepted, results.Count - accepted, results));
        return results.Any(r => r.Status == StatusCodes.Status503ServiceUnavailable) ? new WithRetryAfter(ok, options) : ok;
    }

    /// <summary>The <c>Retry-After</c> value of every 503 (<see cref="ApiOptions.RetryAfter"/>), in whole seconds.</summary>
    public static int RetryAfterSeconds(ApiOptions options) => (int)Math.Ceiling(options.RetryAfter.TotalSeconds);

    private sealed class WithRetryAfter(IResult inner, ApiOptions options) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds(options).ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
