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
