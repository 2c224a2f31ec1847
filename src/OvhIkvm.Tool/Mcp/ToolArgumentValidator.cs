using System.Text.Json;

namespace OvhIkvm.Tool.Mcp;

/// <summary>
/// Checks call arguments against the flat input schemas our tools declare (names, required, JSON types). The SDK
/// binds leniently; without this a misspelt argument is dropped silently and a missing one surfaces as an internal error.
/// </summary>
internal static class ToolArgumentValidator
{
    /// <returns>One sentence describing the first problem, or null when the arguments fit.</returns>
    public static string? FindProblem(ModelContextProtocol.Protocol.Tool tool, IDictionary<string, JsonElement>? arguments)
    {
        ArgumentNullException.ThrowIfNull(tool);
        arguments ??= new Dictionary<string, JsonElement>();
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
            return $"Unknown argument(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} for tool '{tool.Name}'; {expected}.";
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            var missing = required.EnumerateArray().Select(r => r.GetString()).FirstOrDefault(r => r is not null && !arguments.ContainsKey(r));
            if (missing is not null)
            {
                return $"Missing required argument '{missing}' for tool '{tool.Name}'.";
            }
        }

        foreach (var (name, value) in arguments)
        {
            if (properties[name].TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && !Matches(type.GetString(), value))
            {
                return $"Argument '{name}' of tool '{tool.Name}' must be a {type.GetString()}, not {Describe(value)}.";
            }
        }

        return null;
    }

    private static bool Matches(string? type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
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
