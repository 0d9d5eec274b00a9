using System.IO.Pipelines;
using Nebula.Ui.Services;

namespace Nebula.UnitTests.Ui;

public sealed class IdleTimeoutStreamTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_read_that_gets_no_byte_within_the_idle_timeout_fails_with_a_timeout()
    {
        var pipe = new Pipe();
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), Idle);

        var error = await Assert.ThrowsAsync<TimeoutException>(async () => _ = await stream.ReadAsync(new byte[16], TestContext.Current.CancellationToken));

        Assert.Contains("sent nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_that_keep_coming_are_read_past_the_idle_timeout()
    {
        var pipe = new Pipe();
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), Idle);
        var buffer = new byte[16];
        var total = 0;

        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(Idle / 2, TestContext.Current.CancellationToken);
            await pipe.Writer.WriteAsync(": heartbeat\n\n"u8.ToArray(), TestContext.Current.CancellationToken);
            total += await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
        }

        Assert.True(total >= 4);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        var pipe = new Pipe();
        await using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), TimeSpan.FromMinutes(1));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await stream.ReadAsync(new byte[16], cancel.Token));
    }
}
