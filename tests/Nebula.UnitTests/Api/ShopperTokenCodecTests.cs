using System.Text;
using Nebula.Api.Security;

namespace Nebula.UnitTests.Api;

public sealed class ShopperTokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ShopperTokenCodec _codec = new(Encoding.UTF8.GetBytes("unit-test-signing-key-000000000000000000"));

    [Fact]
    public void A_minted_token_reads_back_its_user_roles_and_expiry()
    {
        var token = _codec.Mint("shopper-1", [ApiRoles.Read, ApiRoles.Ingest], Now.AddMinutes(15));

        var read = _codec.Read(token, Now, out var failure);

        Assert.Null(failure);
        Assert.NotNull(read);
        Assert.Equal("shopper-1", read.UserId);
        Assert.Equal([ApiRoles.Ingest, ApiRoles.Read], read.Roles.Order());
        Assert.Equal(Now.AddMinutes(15), read.ExpiresAt);
    }

    [Fact]
    public void A_token_never_carries_the_admin_role()
    {
        var token = _codec.Mint("shopper-1", [ApiRoles.Admin, ApiRoles.Read], Now.AddMinutes(15));

        Assert.Equal([ApiRoles.Read], _codec.Read(token, Now, out _)!.Roles);
    }

    [Fact]
    public void A_token_read_at_its_expiry_is_refused_as_expired()
    {
        var token = _codec.Mint("shopper-1", [ApiRoles.Read], Now);

        Assert.Null(_codec.Read(token, Now, out var failure));
        Assert.Contains("expired", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_whose_payload_was_changed_is_refused_for_its_signature()
    {
        var token = _codec.Mint("shopper-1", [ApiRoles.Read], Now.AddMinutes(15));
        var other = _codec.Mint("shopper-2", [ApiRoles.Read], Now.AddMinutes(15));
        var spliced = string.Join('.', other.Split('.')[..2].Append(token.Split('.')[2]));

        Assert.Null(_codec.Read(spliced, Now, out var failure));
        Assert.Contains("signature", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused()
    {
        var foreign = new ShopperTokenCodec(Encoding.UTF8.GetBytes("another-signing-key-00000000000000000000"))
            .Mint("shopper-1", [ApiRoles.Read], Now.AddMinutes(15));

        Assert.Null(_codec.Read(foreign, Now, out var failure));
        Assert.Contains("signature", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nst1.")]
    [InlineData("nst1.AAAA")]
    [InlineData("nst1.!!!.???")]
    [InlineData("nst1.AAAAAAAAAAAA.AAAA")]
    public void A_malformed_token_is_refused_as_malformed(string token)
    {
        Assert.Null(_codec.Read(token, Now, out var failure));
        Assert.Contains("malformed", failure, StringComparison.Ordinal);
    }
}
