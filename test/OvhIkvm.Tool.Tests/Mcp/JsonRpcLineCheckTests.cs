using System.Text;
using OvhIkvm.Tool.Mcp;

namespace OvhIkvm.Tool.Tests.Mcp;

public sealed class JsonRpcLineCheckTests
{
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/initialized"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"a","result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":2,"error":{"code":-1,"message":"x"}}""")]
    [InlineData("""{"params":{"method":1},"method":"ping","id":3}""")]
    public void A_message_shaped_object_is_passed_on(string line) => Assert.Null(JsonRpcLineCheck.FindError(Encoding.UTF8.GetBytes(line)));

    [Theory]
    [InlineData("not json", -32700, null)]
    [InlineData("""{"jsonrpc":"2.0","id":9,"method":"ping"} trailing""", -32700, 9L)]
    [InlineData("""{"id":"abc","method":"ping","params":{""", -32700, "abc")]
    [InlineData("""[{"jsonrpc":"2.0","id":3,"method":"ping"}]""", -32600, null)]
    [InlineData("[]", -32600, null)]
    [InlineData("5", -32600, null)]
    [InlineData("null", -32600, null)]
    [InlineData("""{"jsonrpc":"2.0","id":7}""", -32600, 7L)]
    [InlineData("""{"jsonrpc":"2.0","params":{"method":"ping","id":1}}""", -32600, null)]
    public void A_line_that_is_not_a_message_gets_its_json_rpc_error(string line, int code, object? id)
    {
        var error = JsonRpcLineCheck.FindError(Encoding.UTF8.GetBytes(line));

        Assert.NotNull(error);
        Assert.Equal(code, error.Error.Code);
        Assert.Equal(id, error.Id.Id);
        Assert.EndsWith(".", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_beyond_64_levels_is_a_parse_error_that_still_names_an_id_read_before_it()
    {
        var line = $$"""{"id":4,"method":"ping","params":{{string.Concat(Enumerable.Repeat("[", 100))}}{{string.Concat(Enumerable.Repeat("]", 100))}}}""";

        var error = JsonRpcLineCheck.FindError(Encoding.UTF8.GetBytes(line));

        Assert.Equal((-32700, (object)4L), (error!.Error.Code, error.Id.Id));
    }
}
