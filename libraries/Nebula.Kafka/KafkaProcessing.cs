using System.Diagnostics;

namespace Nebula.Kafka;

/// <summary>
/// The <c>{topic} process</c> spans of consumed messages, started by the code that owns the consumer around its own
/// work (<see cref="KafkaProcessingExtensions.StartProcessing{TKey,TValue}"/>). Each message gets a span that continues
/// its producer's trace; the first is current until this is disposed, so that work shared by a batch is traced under it,
/// and <see cref="Links"/> names the others for that shared work to link. Disposing ends the spans and records each
/// message's processing time; <see cref="Fail"/> first marks every span as failed.
/// </summary>
public sealed class KafkaProcessing : IDisposable
{
    private readonly Activity? _caller;
    private readonly IReadOnlyList<(string Topic, string? GroupId)> _messages;
    private readonly bool _metrics;
    private readonly long _started;
    private Exception? _failure;
    private bool _disposed;

    internal KafkaProcessing(Activity?[] spans, Activity? caller, IReadOnlyList<(string Topic, string? GroupId)> messages, bool metrics)
    {
        Spans = spans;
        _caller = caller;
        _messages = messages;
        _metrics = metrics;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>One span per message, in message order (null where nothing listens).</summary>
    public IReadOnlyList<Activity?> Spans { get; }

    /// <summary>Links to every message's span but the current one: shared work traced under the first span links the rest.</summary>
    public IEnumerable<ActivityLink> Links =>
        Spans.OfType<Activity>().Where(span => span != Activity.Current).Select(span => new ActivityLink(span.Context));

    /// <summary>Marks every span as failed with <paramref name="error"/>; the caller decides what to do with the messages.</summary>
    public void Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _failure = error;
        foreach (var span in Spans)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.Message);
            span?.SetTag("error.type", KafkaTelemetry.ErrorType(error));
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var elapsed = Stopwatch.GetElapsedTime(_started);
        foreach (var span in Spans)
        {
            span?.Dispose();
        }

        Activity.Current = _caller;
        if (_metrics)
        {
            foreach (var (topic, groupId) in _messages)
            {
                KafkaTelemetry.RecordProcessed(topic, groupId, _failure, elapsed);
            }
        }
    }
}
