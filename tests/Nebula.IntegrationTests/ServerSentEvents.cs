using System.Text;
using System.Text.Json;

namespace Nebula.IntegrationTests;

/// <summary>Reads a server-sent-event stream of lists as a client does.</summary>
internal static class ServerSentEvents
{
    /// <summary>The next event's data as JSON (comments such as heartbeats skipped), or null when the stream ends first.</summary>
    public static async Task<JsonElement?> NextAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line.AsSpan(6));
            }
            else if (line.Length == 0 && data.Length > 0)
            {
                return JsonDocument.Parse(data.ToString()).RootElement.Clone();
            }
        }

        return null;
    }
}
