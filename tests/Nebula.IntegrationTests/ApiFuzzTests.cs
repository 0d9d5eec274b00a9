using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nebula.Api.Security;
using Nebula.VectorService;

namespace Nebula.IntegrationTests;

/// <summary>
/// A bounded fuzz test over every route of an Api hosted in this process: a seeded generator of hostile ids, bodies,
/// query values, headers, content types, unicode and sizes. No answer may be a 5xx or take longer than a few seconds,
/// and every refusal must be a ProblemDetails that says what was wrong. The seed is fixed, so a failure reproduces.
/// </summary>
public sealed class ApiFuzzTests(EmbeddedAppHostFixture fixture) : IAsyncDisposable
{
    private const int Seed = 20_261_201;
    private const int InputsPerRoute = 250;

    // Kestrel's MaxRequestLineSize, which the Api keeps at its default.
    private const int KestrelRequestLineLimit = 8 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static readonly string[] HostileStrings =
    [
        "", " ", "\t", "null", "undefined", "0", "-1", "NaN", "1e309", "true", "[]", "{}", "../../etc/passwd", "..%2F..%2F", "%00", "%",
        "a\" || itemId != \"", "a' OR '1'='1", "item\"]", "${jndi:ldap://x}", "<script>alert(1)</script>", "\u202Eevil", "\uFEFFbom",
        "😀🔥", "é", "ａｂｃ", "\u0000", "\r\nX-Injected: 1", "a/b", "a?b", "a#b", "a;b", "a b", "\\", "//", "%2e%2e", "\uD800",
        new string('x', 65), new string('x', 129), new string('x', 10_000), new string('é', 3_000), "shopper-1", "B00004Z5D1",
    ];

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "application/json; charset=utf-7", "application/problem+json", null, "*/*", "application/json; q=garbage",
    ];

    private static readonly string[] Routes =
    [
        "POST /interactions", "POST /interactions/batch", "POST /interaction", "POST /tokens/shopper",
        "GET /users/{id}/recommendations", "GET /users/{id}/profile", "GET /users/{id}/recommendations/stream", "GET /recommendations/{id}",
        "GET /items/{id}", "GET /items/{id}/similar", "GET /items/search", "GET /similar_items/{id}", "GET /health", "GET /alive",
        "GET /users/{id}/export", "DELETE /users/{id}", "PUT /items/{id}/hidden", "DELETE /items/{id}/hidden",
        "PUT /items/{id}", "DELETE /items/{id}", "POST /users/{id}/merge",
    ];

    private const string MilvusToken = "root:fuzz-test";

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("nebula-fuzz-").FullName;
    private WebApplication? _api;
    private VectorServer? _vectors;
    private GarnetProcess? _garnet;

    [Fact]
    public async Task No_hostile_input_on_any_route_gets_a_5xx_a_hang_or_an_answer_without_a_reason()
    {
        // A catalogue and a Redis of its own: the fuzz upserts, deletes and hides items under hostile ids.
        _vectors = await VectorServer.StartAsync(new VectorServiceOptions { DataDirectory = Path.Combine(_contentRoot, "milvus"), Token = MilvusToken }, CancellationToken.None);
        var milvus = $"Endpoint={_vectors.Endpoint};Key={MilvusToken}";
        var load = await EmbedderProcess.RunAsync(milvus, "--limit", "200");
        Assert.True(load.ExitCode == 0, load.Output);
        _garnet = await GarnetProcess.StartAsync(Path.Combine(_contentRoot, "garnet"));
        _api = await InProcessServices.StartApiAsync(_contentRoot, await InProcessServices.SettingsAsync(fixture, new Dictionary<string, string?>
        {
            ["ConnectionStrings:milvus"] = milvus,
            ["ConnectionStrings:redis"] = _garnet.ConnectionString,
            ["Nebula:Api:Topic"] = EmbeddedAppHostFixture.FuzzTopic,
            // One client sends every input; the limits have their own tests.
            ["Nebula:Api:RequestsPerSecondPerClient"] = "1000000",
            ["Nebula:Api:RequestsPerSecondPerKey"] = "1000000",
        }));
        using var client = new HttpClient { BaseAddress = new Uri(_api.Urls.First()), Timeout = Patience };
        var token = await TestApiKeys.MintShopperTokenAsync(client, "fuzz-shopper");
        var random = new Random(Seed);
        var failures = new List<string>();
        var tried = new Dictionary<string, int>(StringComparer.Ordinal);
        var statuses = new SortedDictionary<int, int>();
        var refusedWhileWriting = 0;

        foreach (var route in Routes)
        {
            for (var i = 0; i < InputsPerRoute; i++)
            {
                using var request = Build(route, random, token);
                var described = $"{request.Method} {request.RequestUri} (body {request.Content?.Headers.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, {request.Content?.Headers.ContentType}, expect {request.Headers.ExpectContinue})";
                tried[route] = tried.GetValueOrDefault(route) + 1;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
                    statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                    if (await ProblemWithAsync(response) is { } problem)
                    {
                        failures.Add($"{Shorten(described)}: {problem}");
                    }
                }
                catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                {
                    failures.Add($"{Shorten(described)}: no answer within {Patience.TotalSeconds} s");
                }
                catch (HttpRequestException error) when (error.InnerException is IOException && RequestLineBytes(request) > KestrelRequestLineLimit)
                {
                    // Kestrel answers a request line over its limit with 414 and closes the connection at once; a client
                    // still writing the rest of that line (HttpClient writes headers in pieces) sees a broken pipe
                    // instead of the 414. Which one it sees is the client's timing, not the Api's answer.
                    refusedWhileWriting++;
                }
                catch (HttpRequestException error)
                {
                    failures.Add($"{Shorten(described)}: no answer ({error.Message} {error.InnerException?.Message})");
                }
            }
        }

        TestContext.Current.SendDiagnosticMessage(
            $"Fuzz (seed {Seed}): {string.Join(", ", tried.Select(t => $"{t.Key} {t.Value}"))}; statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; "
            + $"request line over {KestrelRequestLineLimit} bytes, connection closed while the client wrote it: {refusedWhileWriting}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried.Values.Sum()} inputs failed:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(30))}");
    }

    /// <summary>The request line as it goes on the wire: method, escaped path and query, version.</summary>
    private static int RequestLineBytes(HttpRequestMessage request) =>
        Encoding.UTF8.GetByteCount($"{request.Method} {request.RequestUri?.PathAndQuery} HTTP/1.1");

    private static string Shorten(string text) => text.Length <= 300 ? text : $"{text[..150]}…{text[^150..]}";

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_garnet is not null)
        {
            await _garnet.DisposeAsync();
        }

        _vectors?.Dispose();
        Directory.Delete(_contentRoot, recursive: true);
    }

    /// <summary>What is wrong with an answer, or null: a 5xx, or a refusal that is not a ProblemDetails with a title and a reason.</summary>
    private static async Task<string?> ProblemWithAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"{status}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}";
        }

        if (status < 400)
        {
            return null;
        }

        // Kestrel refuses a request it cannot parse (400: a NUL or a raw space in the path), a request line over 8 KiB
        // (414) or headers over 32 KiB (431) before the application exists for that request, so no ProblemDetails can
        // be written; the status says what was wrong. Any refusal of the application's has a body (status-code pages).
        if (status is StatusCodes.Status400BadRequest or StatusCodes.Status414UriTooLong or StatusCodes.Status431RequestHeaderFieldsTooLarge
            && response.Content.Headers.ContentLength is 0 or null && response.Content.Headers.ContentType is null)
        {
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} with content type {response.Content.Headers.ContentType?.MediaType ?? "none"}";
        }

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var reason = problem.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 }
            || problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any();
        return problem.TryGetProperty("title", out _) && reason ? null : $"{status} ProblemDetails without a reason: {problem}";
    }

    private static HttpRequestMessage Build(string route, Random random, string token)
    {
        var (method, template) = (route.Split(' ')[0], route.Split(' ')[1]);
        var path = template.Replace("{id}", Segment(random), StringComparison.Ordinal);
        var query = random.Next(4) switch
        {
            0 => "",
            1 => $"?k={Escape(Pick(random, ["-1", "0", "1", "100", "101", "99999999999", "abc", "1e3", "", "%"]))}&q={Escape(Pick(random, HostileStrings))}",
            2 => $"?q={Escape(Pick(random, HostileStrings))}&k=2&k=3&{Escape(Pick(random, HostileStrings))}=1",
            // The list filters: hostile names, prices that are not numbers or not finite, too many values.
            _ => $"?q=drill&category={Escape(Pick(random, HostileStrings))}&brand={Escape(Pick(random, HostileStrings))}"
                + $"&minPrice={Escape(Pick(random, ["-1", "0", "NaN", "Infinity", "1e309", "abc", "", "5"]))}&maxPrice={Escape(Pick(random, ["1", "1e308", "-0", "x"]))}"
                // Short values, so that many of them stay within the socket buffers even when Kestrel refuses the request line (414).
                + string.Concat(Enumerable.Repeat($"&exclude={Escape(Pick(random, [.. HostileStrings.Where(h => h.Length <= 20)]))}", random.Next(1, 120))),
        };
        var request = new HttpRequestMessage(new HttpMethod(method), path + query);
        if (method == "POST" || template == "/items/{id}" && method == "PUT")
        {
            var body = Body(random);
            var contentType = Pick(random, ContentTypes);
            request.Content = new ByteArrayContent(body);
            // As a well-behaved client sends a body: the Api can refuse it (401, 413, 415) before it is sent, instead
            // of answering and closing the connection under a client that is still writing.
            request.Headers.ExpectContinue = body.Length > 0;
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        // Mostly a valid key, so that the route's own checks are reached; otherwise a token, nothing or garbage.
        var credential = random.Next(10) switch
        {
            < 6 => TestApiKeys.Admin,
            6 => token,
            7 => null,
            8 => Pick(random, ["nst1." + new string('A', 300), "nst1.x.y", "Bearer", "nst1." + token[5..^2] + "zz", new string('k', 8_000)]),
            _ => Pick(random, HostileStrings.Where(s => s.All(c => c is >= ' ' and < '\u007f')).ToArray()),
        };
        if (credential is not null)
        {
            request.Headers.TryAddWithoutValidation(random.Next(2) == 0 ? ApiCredentials.ApiKeyHeader : "Authorization", random.Next(2) == 0 ? credential : $"Bearer {credential}");
        }

        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("traceparent", Pick(random, ["00-zz-zz-01", "garbage", $"00-{new string('0', 32)}-{new string('0', 16)}-01"]));
            request.Headers.TryAddWithoutValidation("baggage", Pick(random, ["a=b", new string('b', 4_000), "=,=;"]));
        }

        return request;
    }

    private static string Segment(Random random)
    {
        var raw = random.Next(4) == 0 ? RandomUnicode(random, random.Next(1, 200)) : Pick(random, HostileStrings);
        // Mostly escaped as a client would; sometimes as it is, when it makes a URI at all (HttpClient escapes what it must).
        if (random.Next(3) == 0 && Uri.TryCreate(new Uri("http://localhost/"), raw, out _))
        {
            return raw;
        }

        return Escape(raw);
    }

    private static string Escape(string text)
    {
        try
        {
            return Uri.EscapeDataString(text);
        }
        catch (UriFormatException)
        {
            // A lone surrogate cannot be escaped; its bytes as UTF-8 replacement characters can.
            return Uri.EscapeDataString(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)));
        }
    }

    private static byte[] Body(Random random) => random.Next(11) switch
    {
        0 => [],
        1 => Encoding.UTF8.GetBytes(RandomUnicode(random, random.Next(1, 2_000))),
        2 => [.. Enumerable.Range(0, random.Next(1, 4_000)).Select(_ => (byte)random.Next(256))],
        3 => Encoding.UTF8.GetBytes(new string('[', 5_000) + new string(']', 5_000)),
        4 => Encoding.UTF8.GetBytes($$"""{"events":[{{string.Join(",", Enumerable.Repeat($$"""{"userId":"{{Json(random)}}","itemId":"{{Json(random)}}","type":"view"}""", random.Next(0, 1_500)))}}]}"""),
        5 => Encoding.UTF8.GetBytes($$"""{"userId":{{Pick(random, ["1", "null", "[]", "{}", "\"u\"", "true"])}},"itemId":"{{Json(random)}}","type":{{Pick(random, ["\"view\"", "\"purchase\"", "\"teleport\"", "7", "null"])}},"eventId":{{Pick(random, ["\"not-a-guid\"", "1", "null", $"\"{Guid.NewGuid()}\""])}}}"""),
        6 => Encoding.UTF8.GetBytes($$"""{"user_id":"{{Json(random)}}","item_id":"{{Json(random)}}","event_type":"{{Json(random)}}","roles":["admin"],"lifetimeSeconds":{{Pick(random, ["-5", "0", "999999999999", "1.5", "\"x\""])}}}"""),
        7 => Encoding.UTF8.GetBytes($$"""{"userId":"{{Json(random)}}","roles":{{Pick(random, ["[\"admin\"]", "[\"read\",\"read\"]", "[]", "\"read\"", "null"])}}}"""),
        // An item (PUT /items/{id}): hostile text, prices, addresses and category lists.
        8 => Encoding.UTF8.GetBytes($$"""{"title":"{{Json(random)}}","brand":{{Pick(random, ["null", "7", "\"Acme\"", $"\"{Json(random)}\""])}},"categories":{{Pick(random, ["[]", "null", "\"x\"", "[1]", $"[\"{Json(random)}\"]", $"[{string.Join(",", Enumerable.Repeat("\"c\"", 40))}]"])}},"price":{{Pick(random, ["-1", "0", "1e309", "\"5\"", "12.5", "null", "79228162514264337593543950336"])}},"imageUrl":{{Pick(random, ["null", "\"javascript:alert(1)\"", "\"https://example.com/a.jpg\"", $"\"{Json(random)}\""])}},"description":"{{Json(random)}}"}"""),
        // A sign-in (POST /users/{id}/merge): hostile guest ids, or none.
        9 => Encoding.UTF8.GetBytes($$"""{"from":{{Pick(random, ["null", "7", "[]", "\"shopper-1\"", $"\"{Json(random)}\""])}}}"""),
        _ => new byte[random.Next(1, 3) * 1024 * 1024],
    };

    private static string Json(Random random)
    {
        var text = Pick(random, HostileStrings);
        try
        {
            return JsonEncodedText.Encode(text).ToString();
        }
        catch (ArgumentException)
        {
            // A lone surrogate is JSON only as an escape, which the Api then reads as an invalid UTF-16 string: a good input.
            return string.Concat(text.Select(c => char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        }
    }

    private static string RandomUnicode(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var code = random.Next(4) switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0xA0, 0x2FFF),
                2 => random.Next(0x1F300, 0x1FAFF),
                _ => random.Next(0x3000, 0xD7FF),
            };
            text.Append(char.ConvertFromUtf32(code));
        }

        return text.ToString();
    }

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];
}
