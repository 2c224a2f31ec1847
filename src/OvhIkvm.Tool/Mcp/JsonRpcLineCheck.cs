using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace OvhIkvm.Tool.Mcp;

/// <summary>
/// What the SDK's stream transport does not answer: a line that is not JSON, a JSON-RPC batch, or a JSON value that
/// is not a message at all is dropped silently there, so the client waits for a reply until it times out. This check
/// finds those lines, and the JSON-RPC 2.0 error to answer them with, in one pass over the bytes without building a
/// document. Lines that pass go to the SDK unchanged.
/// </summary>
internal static class JsonRpcLineCheck
{
    /// <summary>The error reply a line deserves, or null when it is a JSON object with the shape of a message.</summary>
    public static JsonRpcError? FindError(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        RequestId id = default;
        bool hasMethod = false, hasOutcome = false;
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                return Error(id, McpErrorCode.InvalidRequest, "Invalid Request: JSON-RPC batches are not supported (MCP removed them in 2025-06-18); send each message on its own line.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                while (reader.Read())
                {
                }

                return Error(id, McpErrorCode.InvalidRequest, "Invalid Request: a JSON-RPC message must be a JSON object.");
            }

            while (reader.Read())
            {
                if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var isId = reader.ValueTextEquals("id"u8);
                hasMethod |= reader.ValueTextEquals("method"u8);
                hasOutcome |= reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8);
                if (reader.Read() && isId)
                {
                    id = reader.TokenType switch
                    {
                        JsonTokenType.String => new RequestId(reader.GetString()!),
                        JsonTokenType.Number when reader.TryGetInt64(out var number) => new RequestId(number),
                        _ => default,
                    };
                }
            }
        }
        catch (JsonException)
        {
            return Error(id, McpErrorCode.ParseError, "Parse error: the line is not one valid JSON value (or nests deeper than 64 levels).");
        }

        return hasMethod || hasOutcome
            ? null
            : Error(id, McpErrorCode.InvalidRequest, "Invalid Request: a JSON-RPC message needs a method (request or notification) or a result or error (response).");
    }

    /// <summary>The reply to a line longer than the transport accepts; its id was never read.</summary>
    public static JsonRpcError TooLong(int maxBytes) =>
        Error(default, McpErrorCode.InvalidRequest, $"Invalid Request: the message is longer than {maxBytes} bytes, the most this server reads on one line.");

    private static JsonRpcError Error(RequestId id, McpErrorCode code, string message) => new()
    {
        Id = id,
        Error = new JsonRpcErrorDetail { Code = (int)code, Message = message },
    };
}
