namespace Nebula.Ui;

/// <summary>The Ui's only way to the Api. Its calls arrive with the pipeline's routes.</summary>
internal sealed class ApiClient(HttpClient http)
{
    /// <summary>True when the Api answers its health endpoint.</summary>
    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
