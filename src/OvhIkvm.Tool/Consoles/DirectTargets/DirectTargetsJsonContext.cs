using System.Text.Json.Serialization;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DirectTargetsFile))]
internal sealed partial class DirectTargetsJsonContext : JsonSerializerContext;
