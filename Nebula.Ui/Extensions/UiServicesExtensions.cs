namespace Nebula.Ui.Extensions;

internal static class UiServicesExtensions
{
    /// <summary>The Api as the AppHost names it; service discovery resolves it, preferring https.</summary>
    public const string ApiBaseAddress = "https+http://api";

    /// <summary>The Ui's wiring: interactive server rendering and a typed client for the Api.</summary>
    public static void AddUiServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();

        builder.Services.AddHttpClient<ApiClient>(client => client.BaseAddress = new Uri(ApiBaseAddress));
    }
}
