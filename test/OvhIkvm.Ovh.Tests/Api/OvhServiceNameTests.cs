using OvhIkvm.Consoles;
using OvhIkvm.Ovh.Api;

namespace OvhIkvm.Ovh.Tests.Api;

public sealed class OvhServiceNameTests
{
    public static TheoryData<string> Injections => new()
    {
        "ns1.x/../../me",
        "../me",
        "..",
        ".",
        "ns1.x\u202e",
        "ns\uff0f1.x",
        "ns1.x;drop",
        "ns1.x/task/1",
        "ns1.x?type=kvmipJnlp",
        "ns1.x#fragment",
        "ns1.x%2F..%2Fme",
        "ns1.x\r\nX-Injected: 1",
        "ns1.x\0",
        "ns1 x",
        " ns1.x",
        "ns1.x\\..\\me",
        "",
        new string('a', OvhServiceName.MaxLength + 1),
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public void Unsafe_names_are_rejected_with_a_readable_message(string name)
    {
        var error = Assert.Throws<ConsoleException>(() => OvhRoute.Task(name, 1));

        Assert.Contains("list_servers", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain('\0', error.Message);
    }

    [Theory]
    [InlineData("ns1234.ip-1-2-3.eu")]
    [InlineData("ns5007027.ip-51-222-245.net")]
    [InlineData("ks12345.kimsufi.com")]
    [InlineData("server_with-under.score")]
    public void Real_service_names_pass_unchanged(string name) =>
        Assert.Equal($"/dedicated/server/{name}/features/ipmi", OvhRoute.Ipmi(name).PathAndQuery);
}
