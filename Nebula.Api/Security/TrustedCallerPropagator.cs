using System.Diagnostics;

namespace Nebula.Api.Security;

/// <summary>
/// Continues a request's trace context (<c>traceparent</c>) only when the request carries a valid API key: a browser or
/// a stranger cannot join its requests to our traces, pick their ids or force sampling. Baggage sent by any client is
/// dropped, so that nothing a client sends rides along into Kafka, the worker and the dead-letter topic. Everything
/// else (outgoing calls) is the runtime's default propagator.
/// </summary>
public sealed class TrustedCallerPropagator(ApiKeyRing keys) : DistributedContextPropagator
{
    private static readonly DistributedContextPropagator Inner = CreateDefaultPropagator();

    public override IReadOnlyCollection<string> Fields => Inner.Fields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) => Inner.Inject(activity, carrier, setter);

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        Inner.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);
        // Hashing the key costs about a microsecond, so only a request that sends a trace context pays it.
        if (traceId is not null && carrier is IHeaderDictionary headers && !IsTrusted(headers))
        {
            traceId = null;
            traceState = null;
        }
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        carrier is IHeaderDictionary ? null : Inner.ExtractBaggage(carrier, getter);

    private bool IsTrusted(IHeaderDictionary headers) =>
        ApiCredentials.From(headers) is { } credential && !ShopperTokenCodec.LooksLikeToken(credential) && keys.Find(credential) is not null;
}
