using System.Diagnostics;

namespace Nebula.IntegrationTests;

/// <summary>An embedded server checks the settings the AppHost hands it, and a bad one stops it with a line that names it.</summary>
public sealed class EmbeddedServerSettingsTests
{
    [Theory]
    [InlineData("Nebula.EmbeddedKafka", "--Nebula:EmbeddedKafka:Brokers=0", "'Nebula:EmbeddedKafka'", "Brokers")]
    [InlineData("Nebula.VectorService", "--Nebula:EmbeddedMilvus:MaxResultWindow=0", "'Nebula:EmbeddedMilvus'", "MaxResultWindow")]
    public async Task An_invalid_setting_stops_the_server_with_exit_code_2_naming_the_section_and_the_setting(
        string server, string setting, string section, string name)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, $"{server}.dll"));
        start.ArgumentList.Add(setting);
        start.Environment["Nebula__EmbeddedMilvus__DataDirectory"] = Path.GetTempPath();

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await output;

        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(errors.Split('\n'), l => l.StartsWith("Invalid settings in", StringComparison.Ordinal));
        Assert.Contains(section, line, StringComparison.Ordinal);
        Assert.Contains(name, line, StringComparison.Ordinal);
    }
}
