namespace Nebula.Api.Services;

/// <summary>Why an interaction was refused, as a ProblemDetails status, title and detail (and field errors for 400).</summary>
public sealed record InteractionProblem(int Status, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    public IResult ToResult() => Errors is null
        ? TypedResults.Problem(Detail, statusCode: Status, title: Title)
        : TypedResults.ValidationProblem(Errors, Detail, title: Title);
}
