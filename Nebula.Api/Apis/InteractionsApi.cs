using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Services;

namespace Nebula.Api.Apis;

public static class InteractionsApi
{
    public static IEndpointRouteBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value;
        var group = app.MapGroup("/interactions").WithTags("Interactions");

        group.MapPost("/", PostInteraction)
            .WithName("PostInteraction")
            .WithSummary("Record an interaction")
            .WithDescription("Validates the event, stamps it (eventId, occurredAt) and publishes it; answers 202 once the broker has it.")
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxInteractionBodyBytes))
            .Produces<InteractionAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/batch", PostInteractionBatch)
            .WithName("PostInteractionBatch")
            .WithSummary($"Record up to {options.MaxBatchEvents} interactions")
            .WithDescription("Each event is validated and published on its own, in the order given (so one user's events keep it); the answer lists every event's outcome in order.")
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxBatchBodyBytes))
            .Produces<InteractionBatchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<IResult> PostInteraction(
        InteractionRequest request, InteractionValidator validator, InteractionPublisher publisher, CancellationToken cancellationToken)
    {
        var (problem, accepted) = await AcceptAsync(request.UserId, request.ItemId, request.Type, request.EventId, validator, publisher, cancellationToken);
        return problem ?? TypedResults.Accepted((string?)null, accepted);
    }

    /// <summary>Validates and publishes one interaction: either the problem to answer with, or the accepted event.</summary>
    internal static async Task<(IResult? Problem, InteractionAccepted? Accepted)> AcceptAsync(
        string? userId, string? itemId, string? type, Guid? eventId, InteractionValidator validator, InteractionPublisher publisher, CancellationToken cancellationToken)
    {
        if (await validator.ValidateAsync(userId, itemId, type, cancellationToken) is { } problem)
        {
            return (problem.ToResult(), null);
        }

        return (null, await publisher.PublishAsync(userId!, itemId!, type!, eventId, cancellationToken));
    }

    public static async Task<IResult> PostInteractionBatch(
        InteractionBatchRequest request,
        InteractionValidator validator,
        InteractionPublisher publisher,
        ItemCatalog catalog,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (request.Events is not { Count: > 0 } events)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["events"] = ["events must be a non-empty array of interactions."] },
                title: "The batch is malformed");
        }

        if (events.Count > options.Value.MaxBatchEvents)
        {
            return TypedResults.Problem(
                $"The batch has {events.Count} events; at most {options.Value.MaxBatchEvents} are accepted in one call.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large");
        }

        var itemIds = events.Select(e => e?.ItemId).OfType<string>().Where(Core.Contracts.InteractionRules.IsValidItemId).ToList();
        var known = await catalog.FindManyAsync(itemIds, cancellationToken);
        var results = new InteractionBatchResult?[events.Count];
        var valid = new List<(int Index, InteractionToPublish Interaction)>(events.Count);
        for (var index = 0; index < events.Count; index++)
        {
            var interaction = events[index];
            if (interaction is null)
            {
                results[index] = new InteractionBatchResult(index, StatusCodes.Status400BadRequest, null, null, "The event is null.");
            }
            else if (await validator.ValidateAsync(interaction.UserId, interaction.ItemId, interaction.Type, cancellationToken, known) is { } problem)
            {
                var detail = problem.Errors is null ? problem.Detail : string.Join(" ", problem.Errors.SelectMany(e => e.Value));
                results[index] = new InteractionBatchResult(index, problem.Status, null, null, detail);
            }
            else
            {
                valid.Add((index, new InteractionToPublish(interaction.UserId!, interaction.ItemId!, interaction.Type!, interaction.EventId)));
            }
        }

        var outcomes = await publisher.PublishManyAsync([.. valid.Select(v => v.Interaction)], cancellationToken);
        for (var i = 0; i < valid.Count; i++)
        {
            var index = valid[i].Index;
            results[index] = outcomes[i].Accepted is { } accepted
                ? new InteractionBatchResult(index, StatusCodes.Status202Accepted, accepted.EventId, accepted.OccurredAt, null)
                : new InteractionBatchResult(index, StatusCodes.Status503ServiceUnavailable, null, null, outcomes[i].Failure!.Message);
        }

        var acceptedCount = results.Count(r => r!.Status == StatusCodes.Status202Accepted);
        return TypedResults.Ok(new InteractionBatchResponse(acceptedCount, results.Length - acceptedCount, [.. results.Select(r => r!)]));
    }
}
