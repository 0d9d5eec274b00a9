using Nebula.Evaluator;

try
{
    return await EvaluationRun.RunAsync(EvaluatorCommandLine.Parse(args));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(EvaluatorCommandLine.Usage);
    return 2;
}
catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or FormatException or Nebula.Catalog.Reading.CatalogFormatException)
{
    Console.Error.WriteLine($"Cannot read the data set: {e.Message}");
    return 3;
}
