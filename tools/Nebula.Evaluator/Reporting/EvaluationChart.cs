using Nebula.Evaluator.Protocol;
using ScottPlot;

namespace Nebula.Evaluator.Reporting;

/// <summary>
/// docs/evaluation.png: HR@10 on the test split per method, one group per data set; each method has a solid bar
/// (seen items excluded, as the worker serves) and a pale one beside it (every item ranked, the published protocol).
/// </summary>
public static class EvaluationChart
{
    private const int Width = 1200;
    private const int Height = 520;

    public static void Save(IReadOnlyList<DatasetReport> reports, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var tests = reports.Select(r => (r.Dataset.Name, Split: r.Splits.FirstOrDefault(s => s.Split == SplitKind.Test))).Where(r => r.Split is not null).ToList();
        var methods = tests.SelectMany(t => t.Split!.Results.Select(r => r.Method)).Distinct().ToList();
        var ticks = new List<Tick>();
        const double Pair = 2.2;
        for (var group = 0; group < tests.Count; group++)
        {
            var origin = group * ((methods.Count * Pair) + 1);
            ticks.Add(new Tick(origin + ((methods.Count - 1) * Pair / 2) + 0.5, tests[group].Name));
            foreach (var result in tests[group].Split!.Results)
            {
                var index = methods.IndexOf(result.Method);
                var excluding = plot.Add.Bar(position: origin + (index * Pair), value: result.ExcludingSeen.HitRate);
                excluding.Color = palette.GetColor(index);
                excluding.LegendText = group == 0 ? result.Method : string.Empty;
                excluding.Bars[0].Label = result.ExcludingSeen.HitRate.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
                var all = plot.Add.Bar(position: origin + (index * Pair) + 1, value: result.AllItems.HitRate);
                all.Color = palette.GetColor(index).WithAlpha(0.4);
                all.Bars[0].Label = result.AllItems.HitRate.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title("HR@10, test split (leave-last-out, full catalogue): solid = seen items excluded, pale = every item ranked");
        plot.YLabel("HR@10");
        // Above the middle group, whose bars are the lowest: at the right it hid the Gift Cards bars.
        plot.ShowLegend(Alignment.UpperCenter);
        plot.SavePng(path, Width, Height);
    }
}
