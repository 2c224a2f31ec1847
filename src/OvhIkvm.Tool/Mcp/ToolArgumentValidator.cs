using System.Text.Json;
using System.Text.Json.Nodes;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Mcp;

/// <summary>
/// Checks call arguments against the flat input schemas our tools declare (names, required, JSON types). The SDK
/// binds leniently; without this a misspelt argument is dropped silently and a missing one surfaces as an internal error.
/// </summary>
internal static class ToolArgumentValidator
{
    private const int MaxQuotedLength = 64;

    /// <param name="tool">The tool called.</param>
    /// <param name="argumentsNode">The request's <c>arguments</c> as sent, before the SDK binds it (absent is null).</param>
    /// <returns>One sentence describing the first problem, or null when the arguments fit.</returns>
    public static string? FindProblem(ModelContextProtocol.Protocol.Tool tool, JsonNode? argumentsNode)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (argumentsNode is not null and not JsonObject)
        {
            return $"The arguments of tool '{tool.Name}' must be a JSON object of name/value pairs, not {Describe(argumentsNode.GetValueKind())}.";
        }

        var arguments = ((JsonObject?)argumentsNode ?? []).ToDictionary(a => a.Key, a => a.Value?.GetValueKind() ?? JsonValueKind.Null, StringComparer.Ordinal);
        var schema = tool.InputSchema;
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value, StringComparer.Ordinal)
            : [];

        var unknown = arguments.Keys.Where(k => !properties.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            var expected = properties.Count == 0
                ? "it takes no arguments"
                : $"it takes {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}";
            return $"Unknown argument(s) {string.Join(", ", unknown.Take(5).Select(Quote))} for tool '{tool.Name}'; {expected}.";
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            var missing = required.EnumerateArray().Select(r => r.GetString()).FirstOrDefault(r => r is not null && !arguments.ContainsKey(r));
            if (missing is not null)
            {
                return $"Missing required argument '{missing}' for tool '{tool.Name}'.";
            }
        }

        foreach (var (name, kind) in arguments)
        {
            if (properties[name].TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && !Matches(type.GetString(), kind, argumentsNode![name]))
            {
                return $"Argument '{name}' of tool '{tool.Name}' must be a {type.GetString()}, not {Describe(kind)}.";
            }
        }

        return null;
    }

    /// <summary>A client-chosen name, quoted, cut short and without control or format characters, fit for a message and a log line.</summary>
    public static string Quote(string name) => $"'{UntrustedText.Printable(name, MaxQuotedLength)}'";

    private static bool Matches(string? type, JsonValueKind kind, JsonNode? value) => type switch
    {
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "integer" => kind == JsonValueKind.Number && value is JsonValue number && number.TryGetValue<long>(out _),
        "number" => kind == JsonValueKind.Number,
        "object" => kind == JsonValueKind.Object,
        "array" => kind == JsonValueKind.Array,
        _ => true,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "an unexpected value",
    };
}
