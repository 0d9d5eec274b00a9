using System.Globalization;
using System.Text;
using Nebula.Evaluator.Data;
using Nebula.Evaluator.Protocol;

namespace Nebula.Evaluator.Reporting;

public sealed record DatasetReport(InteractionDataset Dataset, IReadOnlyList<SplitReport> Splits, TimeSpan Elapsed);
