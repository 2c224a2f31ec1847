using System.Text.Json.Serialization;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Mcp;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<ConsoleServer>))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
