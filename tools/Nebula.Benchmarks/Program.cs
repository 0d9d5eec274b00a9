using Nebula.Benchmarks;

return args.FirstOrDefault() switch
{
    "embedding" => await EmbeddingBenchmark.RunAsync(args[1..]),
    "vectors" => await VectorSearchBenchmark.RunAsync(args[1..]),
    "vector-memory" => await VectorMemoryBenchmark.RunAsync(args[1..]),
    "vector-json" => await VectorJsonBenchmark.RunAsync(args[1..]),
    "generate-catalog" => await CatalogGenerator.RunAsync(args[1..]),
    "scale" => await ScaleBenchmark.RunAsync(args[1..]),
    "catalog" => await CatalogLoadBenchmark.RunAsync(args[1..]),
    "worker" => await WorkerBenchmark.RunAsync(args[1..]),
    "worker-scaling" => await WorkerScalingBenchmark.RunAsync(args[1..]),
    "state-memory" => await StateMemoryBenchmark.RunAsync(args[1..]),
    "faults" => await FaultBenchmark.RunAsync(args[1..]),
    "api" => await ApiLoadBenchmark.RunAsync(args[1..]),
    "stored-list" => await StoredListBenchmark.RunAsync(args[1..]),
    "reasons" => await ReasonsBenchmark.RunAsync(args[1..]),
    "ui" => await UiLatencyBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tools/Nebula.Benchmarks -- embedding [--runs 3]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- vectors [--sizes 100000,500000] [--queries 500]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- vector-memory [--items 500000] [--batch 1000] [--data dir]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- vector-json [--vectors 190] [--rounds 200]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- generate-catalog [--items 500000] [--seed 2018] [--broken-per-thousand 2] [--out file.json.gz]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- scale [--items 500000] [--phases load,serve] [--precision int8] [--data dir] [--queries 300]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- catalog [Embedder switches, e.g. --catalog file]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- worker [--events 30000] [--per-event-events 3000] [--rate 1000] [--seconds 30] [--warmup-events 20000] [--zipf 1.0] [--vector-data dir --items 500000]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- worker-scaling [--replicas 1,2,4] [--events 20000] [--runs 1] [--warmup-events 20000]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- state-memory [--users 100000] [--events-per-user 3] [--redis host:port, else embedded Garnet]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- faults [--rate 1000] [--seconds 180] [--fault-every 15] [--workers 2] [--users 500]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- stored-list [--count 10] [--rounds 5]
               dotnet run -c Release --project tools/Nebula.Benchmarks -- reasons [--rounds 5]
               tools/bench-api.sh   (starts the AppHost, then: ... -- api [--url http://localhost:5080] [--key KEY, else $NEBULA_API_KEY] [--phases serve,serve-filtered,items,ingest] [--rate 2000] [--items-rate 100] [--seconds 20] [--run ID: the seeded users' prefix])
               tools/bench-ui.sh    (starts the AppHost, then: ... -- ui [--url http://localhost:5090] [--runs 30])
        """);
    return 2;
}
