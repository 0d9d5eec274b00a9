using System.Text;
using Nebula.Catalog.Reading;

namespace Nebula.UnitTests.Catalog;

public sealed class CatalogHostileLineTests
{
    private static readonly CatalogReaderOptions Options = new() { MaxLineBytes = 4096 };

    private static CatalogReadResult Parse(CatalogFormat format, string line) => CatalogReader.ParseLine(format, 1, Encoding.UTF8.GetBytes(line), Options);

    [Fact]
    public void A_snap_line_with_python_syntax_is_read()
    {
        var row = Parse(CatalogFormat.Snap2014,
            "{'asin': '0132793040', 'title': 'Kelby Training DVD: Mastering \\'Blend\\' Modes', 'price': 12.99, 'imUrl': 'http://ecx.images-amazon.com/images/I/31JIPhp%2BGIL.jpg', " +
            "'related': {'also_bought': ['B00'], 'x': (1, 2.5e3, None)}, 'salesRank': {'Electronics': 1}, 'categories': [['Electronics', 'Computers & Accessories'], ['Electronics']], " +
            "'description': \"It's <b>bold</b> &amp; true\", 'flag': True}");

        var item = Assert.IsType<CatalogItem>(row.Item);
        Assert.Equal("Kelby Training DVD: Mastering 'Blend' Modes", item.Title);
        Assert.Equal(12.99m, item.Price);
        Assert.Equal(["Electronics", "Computers & Accessories"], item.Categories);
        Assert.Equal("It's bold & true", item.Description);
        Assert.Equal("http://ecx.images-amazon.com/images/I/31JIPhp%2BGIL.jpg", item.ImageUrl);
    }

    [Fact]
    public void Python_2_byte_escapes_of_utf8_text_are_decoded_as_utf8()
    {
        var row = Parse(CatalogFormat.Snap2014, "{'asin': 'B1', 'title': 'Caf\\xc3\\xa9 Cr\\xe8me', 'brand': u'Unicode \\u00e9'}");

        var item = Assert.IsType<CatalogItem>(row.Item);
        Assert.Equal("Café Crème", item.Title);
        Assert.Equal("Unicode é", item.Brand);
    }

    [Theory]
    [InlineData("{'asin': '0132793040', 'title': 'Truncated", "unterminated string")]
    [InlineData("{'asin': '0132793040', 'title': 'A', 'categories': [['Electronics'", "truncated")]
    [InlineData("{'asin': '0132793040', 'title': 'Wrong quotes\"}", "unterminated string")]
    [InlineData("{'asin': '0132793040' 'title': 'No comma'}", "expected")]
    [InlineData("{'asin': os.system('rm -rf /')}", "unknown name")]
    public void A_broken_snap_line_is_rejected_as_malformed_with_the_cause(string line, string cause)
    {
        var row = Parse(CatalogFormat.Snap2014, line);

        Assert.Null(row.Item);
        Assert.Equal(CatalogRejectionReason.Malformed, row.Rejection!.Reason);
        Assert.Contains(cause, row.Rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"asin\": \"B01\", \"title\": \"Cut")]
    [InlineData("{'asin': 'B01', 'title': 'Single quotes in a JSON file'}")]
    [InlineData("[\"asin\", \"B01\"]")]
    public void A_broken_amazon_2018_line_is_rejected_as_malformed(string line)
        => Assert.Equal(CatalogRejectionReason.Malformed, Parse(CatalogFormat.Amazon2018, line).Rejection?.Reason);

    [Fact]
    public void An_amazon_2018_line_with_html_and_a_price_range_is_cleaned()
    {
        var row = Parse(CatalogFormat.Amazon2018,
            "{\"asin\": \"B01\", \"title\": \"<span class=\\\"a\\\">Drill &amp;amp; Driver</span>\", \"brand\": \"  DeWalt\\n \", \"price\": \"$5.99 - $12.99\", " +
            "\"description\": [\"<p>Line one<br/>line   two</p>\", \"<script>alert(1)</script>Safe\"], \"category\": [\"Tools\", \"Tools\", \"\"], \"image\": [\"javascript:alert(1)\"]}");

        var item = Assert.IsType<CatalogItem>(row.Item);
        Assert.Equal("Drill & Driver", item.Title);
        Assert.Equal("DeWalt", item.Brand);
        Assert.Equal(5.99m, item.Price);
        Assert.Equal("Line one line two Safe", item.Description);
        Assert.Equal(["Tools"], item.Categories);
        Assert.Null(item.ImageUrl);
    }

    [Fact]
    public void A_css_price_is_no_price()
        => Assert.Null(CatalogText.ParsePrice(".a-box-inner{background-color:#fff;}"));

    [Fact]
    public void A_row_without_title_is_rejected_as_missing_title()
        => Assert.Equal(CatalogRejectionReason.MissingTitle, Parse(CatalogFormat.Amazon2018, "{\"asin\": \"B01\", \"title\": \"  <br>  \"}").Rejection?.Reason);

    [Fact]
    public void A_row_without_id_is_rejected_as_missing_id()
        => Assert.Equal(CatalogRejectionReason.MissingId, Parse(CatalogFormat.Snap2014, "{'title': 'No id'}").Rejection?.Reason);

    [Fact]
    public void An_overlong_id_is_rejected()
        => Assert.Equal(CatalogRejectionReason.IdTooLong, Parse(CatalogFormat.UniSrecText, new string('A', 65) + "\tA title").Rejection?.Reason);

    [Fact]
    public void An_id_over_the_limit_in_utf8_bytes_is_rejected_though_it_has_fewer_characters()
    {
        // 40 characters, 80 bytes: Milvus would refuse the whole upsert batch it landed in.
        var row = Parse(CatalogFormat.UniSrecText, new string('é', 40) + "\tA title");

        Assert.Equal(CatalogRejectionReason.IdTooLong, row.Rejection?.Reason);
        Assert.Contains("bytes", row.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\U0000d800")]
    [InlineData("\\UFFFFFFFF")]
    [InlineData("\\U00110000")]
    public void A_snap_escape_that_is_no_character_is_rejected_as_malformed(string escape)
    {
        var row = Parse(CatalogFormat.Snap2014, $"{{'asin': 'B1', 'title': u'Bad {escape} escape'}}");

        Assert.Equal(CatalogRejectionReason.Malformed, row.Rejection?.Reason);
        Assert.Contains("bad escape sequence", row.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_of_unclosed_script_tags_is_cleaned_in_one_pass()
    {
        // A backtracking engine rescans the rest of the line from every "<script": 9.4 s for 128 KiB, hours for this.
        var options = new CatalogReaderOptions { MaxLineBytes = 8 * 1024 * 1024 };
        var description = string.Concat(Enumerable.Repeat("<script>", 4 * 1024 * 1024 / 8)) + "<b>visible</b>";
        var line = $"{{\"asin\": \"B1\", \"title\": \"A title\", \"description\": [\"{description}\"]}}";

        var row = CatalogReader.ParseLine(CatalogFormat.Amazon2018, 1, Encoding.UTF8.GetBytes(line), options);

        Assert.Equal("visible", Assert.IsType<CatalogItem>(row.Item).Description);
    }

    [Fact]
    public void A_line_with_bytes_that_are_not_utf8_is_rejected_as_invalid_utf8()
    {
        byte[] line = [.. "{\"asin\": \"B01\", \"title\": \"caf"u8, 0xE9, .. "\"}"u8];

        var row = CatalogReader.ParseLine(CatalogFormat.Amazon2018, 7, line, Options);

        Assert.Equal(CatalogRejectionReason.InvalidUtf8, row.Rejection?.Reason);
        Assert.Equal(7, row.Rejection?.LineNumber);
    }

    [Fact]
    public void A_uniSrec_row_without_tab_is_malformed()
        => Assert.Equal(CatalogRejectionReason.Malformed, Parse(CatalogFormat.UniSrecText, "B01 no tab here").Rejection?.Reason);

    [Fact]
    public void A_file_of_hostile_lines_is_read_to_the_end_with_every_row_counted()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.Create(path))
            {
                file.Write("{\"asin\": \"A1\", \"title\": \"First\"}\n"u8);
                file.Write("\n   \n"u8);
                file.Write("{\"asin\": \"A2\", \"title\": \"Huge\", \"description\": \""u8);
                file.Write(Encoding.UTF8.GetBytes(new string('x', 20_000)));
                file.Write("\"}\n"u8);
                file.Write("{\"asin\": \"A3\", \"title\": \"Trunc"u8);
                file.Write("\n"u8);
                file.Write([0xFF, 0xFE, 0x0A]);
                file.Write("{\"asin\": \"A1\", \"title\": \"Duplicate id, last wins downstream\"}"u8);
            }

            var report = new CatalogReport();
            var items = new List<CatalogItem>();
            foreach (var row in CatalogReader.Read(path, new CatalogReaderOptions { Format = CatalogFormat.Amazon2018, MaxLineBytes = 4096 }))
            {
                report.Add(row);
                if (row.Item is { } item)
                {
                    items.Add(item);
                }
            }

            Assert.Equal(["A1", "A1"], items.Select(i => i.ItemId));
            Assert.Equal(5, report.Read);
            Assert.Equal(1, report.RejectedByReason[CatalogRejectionReason.TooLong]);
            Assert.Equal(1, report.RejectedByReason[CatalogRejectionReason.Malformed]);
            Assert.Equal(1, report.RejectedByReason[CatalogRejectionReason.InvalidUtf8]);
            Assert.Equal([4L, 5L, 6L], report.Examples.Select(e => e.LineNumber));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        var error = Assert.Throws<FileNotFoundException>(() => CatalogReader.Read("/nonexistent/meta.json.gz"));
        Assert.Contains("/nonexistent/meta.json.gz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_in_no_known_format_is_refused_before_reading()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "id,title\n1,CSV is not a catalogue format\n");
            var error = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path));
            Assert.Contains("id,title", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_gzipped_snap_file_is_detected_from_its_bytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var gzip = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
            {
                gzip.Write("{'asin': 'B1', 'title': 'Gzipped'}\n"u8);
            }

            Assert.Equal(CatalogFormat.Snap2014, CatalogReader.DetectFormat(path));
            Assert.Equal("Gzipped", CatalogReader.Read(path).Single().Item?.Title);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
