using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Nebula.Api.Models;
using Nebula.Api.Security;
using Nebula.Api.Services;
using Nebula.Core.Contracts;

namespace Nebula.Api.Apis;

public static class InteractionsApi
{
    public static IEndpointRouteBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value;
        var group = app.MapGroup("/interactions").WithTags("Interactions").RequireAuthorization(ApiRoles.Ingest);

        group.MapPost("/", PostInteraction)
            .WithName("PostInteraction")
            .WithSummary("Record an interaction")
            .WithDescription("Validates the event, stamps it (eventId, occurredAt) and publishes it; answers 202 once the broker has it.")
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxInteractionBodyBytes))
            .Produces<InteractionAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/batch", PostInteractionBatch)
            .WithName("PostInteractionBatch")
            .WithSummary($"Record up to {options.MaxBatchEvents} interactions")
            .WithDescription("Each event is validated and published on its own, in the order given (so one user's events keep it); the answer lists every event's outcome in order, and carries Retry-After when any event got 503.")
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxBatchBodyBytes))
            .Produces<InteractionBatchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<IResult> PostInteraction(
        InteractionRequest request,
        ClaimsPrincipal user,
        InteractionValidator validator,
        InteractionPublisher publisher,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (ShopperScope.Check(user, request.UserId) is { } forbidden)
        {
            return forbidden;
        }

        if (await validator.ValidateAsync(request, cancellationToken) is { } problem)
        {
            return problem.ToResult();
        }

        var published = await publisher.PublishAsync([request], cancellationToken);
        return InteractionResults.Accepted(published[0], options.Value);
    }

    public static async Task<IResult> PostInteractionBatch(
        InteractionBatchRequest request,
        ClaimsPrincipal user,
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

        // A shopper token's batch is all its own user's, or refused whole.
        if (events.Select(e => ShopperScope.Check(user, e?.UserId)).FirstOrDefault(r => r is not null) is { } forbidden)
        {
            return forbidden;
        }

        // One catalog lookup for the whole batch.
        var known = await catalog.FindManyAsync([.. events.Select(e => e?.ItemId).OfType<string>().Where(InteractionRules.IsValidItemId)], cancellationToken);
        var results = new InteractionBatchResult[events.Count];
        var valid = new List<(int Index, InteractionRequest Interaction)>(events.Count);
        for (var index = 0; index < events.Count; index++)
        {
            if (events[index] is not { } interaction)
            {
                results[index] = new InteractionBatchResult(index, StatusCodes.Status400BadRequest, null, null, "The event is null.");
            }
            else if (await validator.ValidateAsync(interaction, cancellationToken, known) is { } problem)
            {
                results[index] = InteractionResults.Refused(index, problem);
            }
            else
            {
                valid.Add((index, interaction));
            }
        }

        var published = await publisher.PublishAsync([.. valid.Select(v => v.Interaction)], cancellationToken);
        for (var i = 0; i < valid.Count; i++)
        {
            results[valid[i].Index] = InteractionResults.Published(valid[i].Index, published[i], options.Value);
        }

        return InteractionResults.Batch(results, options.Value);
    }
}
