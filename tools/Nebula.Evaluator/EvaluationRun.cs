using System.Diagnostics;
using Nebula.Catalog.Embeddings;
using Nebula.Evaluator.Data;
using Nebula.Evaluator.Methods;
using Nebula.Evaluator.Protocol;
using Nebula.Evaluator.Reporting;
using Nebula.Testing;
using Spectre.Console;

namespace Nebula.Evaluator;

/// <summary>Loads each data set, embeds (or reads cached) item vectors, and evaluates every method on every split.</summary>
public static class EvaluationRun
{
    public const int Cutoff = 10;

    public static async Task<int> RunAsync(EvaluatorCommandLine commandLine)
    {
        var options = commandLine.RecommendationOptions();
        var modelOptions = commandLine.EmbeddingModelOptions();
        var cache = Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "nebula", "evaluator");
        var reports = new List<DatasetReport>();
        foreach (var dataset in Datasets(commandLine))
        {
            var started = Stopwatch.StartNew();
            AnsiConsole.MarkupLineInterpolated(System.Globalization.CultureInfo.InvariantCulture, $"[bold]{dataset.Name}[/]: {dataset.Items.Count:N0} items, {dataset.Users.Count:N0} users, {dataset.InteractionCount:N0} interactions");
            ItemVectors vectors = null!;
            var results = new List<SplitReport>();
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var embedding = context.AddTask("item vectors", maxValue: dataset.Items.Count);
                    vectors = await Task.Run(() => ItemVectors.Load(dataset.Items, modelOptions, cache, (done, _) => embedding.Value = done));
                    // A temporal split needs real times: synthetic ones (UniSRec) would cut each user at the same position.
                    foreach (var kind in commandLine.Splits.Where(kind => dataset.HasTimestamps || !kind.IsTemporal()))
                    {
                        var split = EvaluationSplit.Build(dataset, vectors, kind);
                        var methods = Methods(vectors, commandLine);
                        var tasks = methods.Select(m => context.AddTask($"{kind}: {m.Name}", maxValue: 1)).ToArray();
                        var outcomes = await Task.WhenAll(methods.Select((method, i) => Task.Run(() =>
                            ReplayEvaluator.Run(method, split, vectors, options, Cutoff, (done, total) => tasks[i].Value = (double)done / total))));
                        results.Add(new SplitReport(kind, split.Evaluated, split.Skipped, split.Replay.Count, outcomes));
                    }
                });
            var report = new DatasetReport(dataset, results, started.Elapsed);
            reports.Add(report);
            AnsiConsole.Write(new Markup(Markup.Escape(EvaluationReport.DatasetMarkdown(report))));
            AnsiConsole.WriteLine();
        }

        if (commandLine.OutputDirectory is { } output)
        {
            var directory = Path.IsPathRooted(output) ? output : Path.Combine(RepositoryPaths.Root, output);
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, "evaluation.md"), EvaluationReport.Markdown(reports));
            EvaluationChart.Save(reports, Path.Combine(directory, "evaluation.png"));
            AnsiConsole.MarkupLineInterpolated(System.Globalization.CultureInfo.InvariantCulture, $"Wrote {Path.Combine(directory, "evaluation.md")} and evaluation.png");
        }

        return 0;
    }

    /// <summary>The methods compared, fresh for each split: baselines first, then Nebula's.</summary>
    public static IReadOnlyList<IRecommendationMethod> Methods(ItemVectors vectors, EvaluatorCommandLine commandLine)
    {
        var twoStepOptions = commandLine.TwoStepRecommendationOptions();
        var methods = new (string Key, Func<IRecommendationMethod> Create)[]
        {
            ("popularity", () => new PopularityMethod(vectors)),
            ("original", () => new OriginalRuleMethod(vectors)),
            ("profile", () => new NebulaProfileMethod(vectors, commandLine.IssueFourOptions())),
            ("blend-start", () => new NebulaBlendMethod(vectors, commandLine.StartingBlendOptions(), "Nebula blend as the quality issue found it (no popularity prior)")),
            ("blend", () => new NebulaBlendMethod(vectors, commandLine.RecommendationOptions())),
            ("blend-two-step", () => new NebulaBlendMethod(vectors, twoStepOptions, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Nebula blend + two-step paths (TwoHopWeight {twoStepOptions.Blend.TwoHopWeight}; not the worker's default)"))),
        };
        return [.. methods.Where(m => commandLine.MethodNames.Count == 0 || commandLine.MethodNames.Contains(m.Key)).Select(m => m.Create())];
    }

    private static IEnumerable<InteractionDataset> Datasets(EvaluatorCommandLine commandLine)
    {
        var data = commandLine.DataDirectory ?? RepositoryPaths.SharedData;
        foreach (var name in commandLine.Datasets)
        {
            if (data is null)
            {
                throw new ArgumentException($"The built-in data sets live in shared/data; none was found (pass --data or set {RepositoryPaths.SharedDataVariable}).");
            }

            yield return name switch
            {
                "scientific" => DatasetLoaders.UniSRec(Path.Combine(data, "amazon2018-industrial-scientific-unisrec"), "Scientific"),
                "movielens" => DatasetLoaders.MovieLens(
                    "MovieLens latest-small",
                    Path.Combine(data, "movielens-latest-small-mlnet", "recommendation-movies.csv"),
                    Path.Combine(data, "movielens-latest-small-mlnet", "recommendation-ratings-train.csv"),
                    Path.Combine(data, "movielens-latest-small-mlnet", "recommendation-ratings-test.csv")),
                "giftcards" => DatasetLoaders.Amazon2018Reviews(
                    "Gift Cards",
                    Path.Combine(data, "amazon2018-gift-cards", "meta_Gift_Cards.json.gz"),
                    Path.Combine(data, "amazon2018-gift-cards", "Gift_Cards_5.json.gz")),
                _ => throw new ArgumentException($"Unknown data set '{name}' (scientific, movielens, giftcards)."),
            };
        }

        if (commandLine.Catalog is { } catalog)
        {
            yield return DatasetLoaders.Generic(commandLine.Name, catalog, commandLine.Interactions!);
        }
    }
}
