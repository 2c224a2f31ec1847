using System.Security.Cryptography;
using OvhIkvm.Consoles;
using OvhIkvm.Kvm.Rfb.Security;

namespace OvhIkvm.Kvm.Tests.Rfb;

public sealed class VncAuthenticationTests
{
    [Fact]
    public void EncryptBlock_FipsVector_MatchesStandard()
    {
        var ciphertext = new byte[8];

        VncDes.EncryptBlock(Convert.FromHexString("133457799BBCDFF1"), Convert.FromHexString("0123456789ABCDEF"), ciphertext);

        Assert.Equal("85E813540F0AB405", Convert.ToHexString(ciphertext));
    }

    [Fact]
#pragma warning disable CA5351 // The platform DES is the oracle here; VNC Authentication is DES by definition.
    public void EncryptBlock_RandomKeys_MatchesPlatformDes()
    {
        var random = new Random(6143);
        using var des = DES.Create();
        for (var i = 0; i < 200; i++)
        {
            var key = new byte[8];
            var block = new byte[8];
            random.NextBytes(key);
            random.NextBytes(block);
            if (DES.IsWeakKey(key) || DES.IsSemiWeakKey(key))
            {
                continue;
            }

            des.Key = key;
            var expected = des.EncryptEcb(block, PaddingMode.None);
            var actual = new byte[8];
            VncDes.EncryptBlock(key, block, actual);

            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
        }
    }
#pragma warning restore CA5351

    [Fact]
    public void ComputeResponse_ReferenceVector_MatchesOpenSsl()
    {
        var response = new byte[16];

        VncAuthentication.ComputeResponse(new Secret("testpass"), Convert.FromHexString("00112233445566778899aabbccddeeff"), response);

        Assert.Equal("2D745AFB7DB563E1055EC273FE91E9D6", Convert.ToHexString(response));
    }

    [Fact]
    public void ComputeResponse_EmptyPassword_UsesTheAllZeroWeakKey()
    {
        var response = new byte[16];

        VncAuthentication.ComputeResponse(new Secret(string.Empty), new byte[16], response);

        // DES with the all-zero key on a zero block: the classic weak-key vector the platform DES refuses to compute.
        Assert.Equal("8CA64DE9C1B123A78CA64DE9C1B123A7", Convert.ToHexString(response));
    }

    [Fact]
    public void ComputeResponse_PasswordLongerThanEight_UsesTheFirstEightCharacters()
    {
        var challenge = Convert.FromHexString("00112233445566778899aabbccddeeff");
        var truncated = new byte[16];
        var full = new byte[16];

        VncAuthentication.ComputeResponse(new Secret("testpass"), challenge, truncated);
        VncAuthentication.ComputeResponse(new Secret("testpassword-that-is-long"), challenge, full);

        Assert.Equal(truncated, full);
    }
}
