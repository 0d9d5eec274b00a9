using Confluent.Kafka;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nebula.Api.Apis;
using Nebula.Api.Security;
using Nebula.Api.Services;
using Nebula.Catalog.Embeddings;
using Nebula.Core.Contracts;
using Nebula.Core.Recommendations;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Nebula.Api.Extensions;

public static class ApiServicesExtensions
{
    private static readonly TimeSpan RedisSpanDrainInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The Api's wiring: problem details for every error, the topics (created when missing), the interaction producer, Redis, Milvus, the
    /// embedding model for search, the OpenAPI document, who may call what (<see cref="ApiSecurityExtensions"/>) and how much
    /// (<see cref="ApiLimitsExtensions"/>).
    /// </summary>
    public static void AddApiServices(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();

        // A refusal made by the framework itself (no route, wrong method, wrong content type) says why too.
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= BareStatusDetails.For(context.HttpContext));
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // A body that cannot be bound throws, so that ApiExceptionHandler can say what was wrong with it.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, NebulaJsonContext.Default));
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer<ApiOpenApiSecurity>());

        // Interaction events: key = userId, value = the event's JSON. Unless configured otherwise, a write is
        // acknowledged only once every in-sync replica has it, retries never duplicate or reorder, and the
        // client gives up when the request would.
        builder.AddKafkaTopics(ResourceNames.Kafka, options.Topic, Topics.InteractionsDeadLetter);
        builder.AddKafkaProducer<string, string>(ResourceNames.Kafka, settings =>
        {
            settings.Config.Acks ??= Acks.All;
            settings.Config.EnableIdempotence ??= true;
            settings.Config.MessageTimeoutMs ??= (int)options.PublishTimeout.TotalMilliseconds;
        });
        // A short deadline on every call to Redis and Milvus, so that one that stops answering costs a request seconds, not minutes.
        var deadline = options.DependencyTimeout;
        // Redis spans come from OpenTelemetry's own instrumentation, not Aspire's copy of it (below).
        builder.AddRedisClient(ResourceNames.Redis, settings => settings.DisableTracing = true, configureOptions: redis =>
        {
            redis.AsyncTimeout = Math.Min(redis.AsyncTimeout, (int)deadline.TotalMilliseconds);
            redis.SyncTimeout = Math.Min(redis.SyncTimeout, (int)deadline.TotalMilliseconds);
            // Replies are read on the .NET thread pool, where the request continues, instead of the client's own
            // socket threads: one thread hand-off fewer per call (docs/benchmarks.md: −14 to −20% CPU per request).
            redis.SocketManager = StackExchange.Redis.SocketManager.ThreadPool;
        });
        // The instrumentation holds every request's Activity until a drain finds the request over. Aspire's copy drains
        // every 10 s and cannot be told otherwise; at 2,000 requests a second that many outlive gen0, and the Api's
        // collections paused for 30-50 ms (docs/benchmarks.md). Drained every 100 ms, they die young. (This package
        // drains every 100 ms while commands arrive and backs off to FlushInterval when idle; 100 ms caps the back-off too.)
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddRedisInstrumentation(redis => redis.FlushInterval = RedisSpanDrainInterval));
        builder.AddMilvusClient(ResourceNames.Milvus, milvus =>
        {
            milvus.CallTimeout ??= deadline;
            milvus.RequestTimeout = milvus.RequestTimeout < deadline ? milvus.RequestTimeout : deadline;
        });

        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RecommendationOptions>().BindConfiguration(RecommendationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ItemsCollectionOptions>().BindConfiguration(ItemsCollectionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<EmbeddingModelOptions>().BindConfiguration(EmbeddingModelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ItemCatalog>();
        builder.Services.AddSingleton<InteractionValidator>();
        builder.Services.AddSingleton<InteractionPublisher>();
        builder.Services.AddSingleton<RecommendationReader>();
        builder.Services.AddSingleton<UserDataStore>();
        builder.Services.AddSingleton<RecommendationUpdates>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RecommendationUpdates>());
        // The model loads on the first search (a second or so), not at start-up.
        builder.Services.AddSingleton(services => new Lazy<TextEmbeddingModel>(() => new TextEmbeddingModel(
            services.GetRequiredService<IOptions<EmbeddingModelOptions>>().Value,
            services.GetRequiredService<ILogger<TextEmbeddingModel>>())));
        builder.Services.AddSingleton<ItemSearch>();
        builder.Services.AddSingleton<HiddenItems>();
        builder.Services.AddSingleton<CatalogEditor>();

        builder.AddApiSecurity();
        builder.AddApiLimits(options);
    }

    /// <summary>Every route, the OpenAPI document (<c>/openapi/v1.json</c>) and its interactive page (<c>/scalar</c>, also <c>/docs</c>).</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        // Here rather than in Program.cs, so that every host of the Api (the tests' too) guards and limits as the
        // service does. The rate limiter runs after authentication, since it counts per key.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<JsonCharsetCheck>();
        app.UseAuthorization();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(page => page
            .WithTitle("Nebula API")
            .AddPreferredSecuritySchemes([ApiOpenApiSecurity.SchemeName])).AllowAnonymous();
        app.MapGet("/docs", () => TypedResults.Redirect("/scalar")).ExcludeFromDescription().AllowAnonymous();

        app.MapTokensApi();
        app.MapInteractionsApi();
        app.MapRecommendationsApi();
        app.MapItemsApi();
        app.MapCatalogAdminApi();
        app.MapOriginalRoutesApi();
        app.MapUsersApi();
        return app;
    }
}
