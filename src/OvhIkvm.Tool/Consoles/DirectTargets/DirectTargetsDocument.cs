using System.Text;
using System.Text.Json;
using OvhIkvm.Consoles;

namespace OvhIkvm.Tool.Consoles.DirectTargets;

/// <summary>
/// The targets file's JSON, read field by field so that every mistake gets its own sentence: a misspelt or repeated
/// field, a null where a list belongs, a number where a string belongs. A silently ignored "pasword" or a second "url"
/// that quietly wins would send a screenshot request somewhere the user did not mean.
/// </summary>
internal static class DirectTargetsDocument
{
    private static readonly JsonDocumentOptions Options = new()
    {
        // People edit this file by hand.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 8,
    };

    private static readonly string[] StringFields = ["id", "name", "type", "url", "username", "password", "passwordEnv", "certificateSha256"];
    private static readonly string[] BooleanFields = ["acceptSelfSignedCertificate", "allowInsecureHttp"];

    /// <exception cref="ConsoleConfigurationException">The file is not the expected JSON.</exception>
    public static IReadOnlyList<DirectTargetDefinition> Parse(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);

        // Windows editors save UTF-8 with a byte order mark, which the JSON reader does not expect.
        var start = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content.AsMemory(start), Options);
        }
        catch (JsonException ex)
        {
            throw DirectTargetsLoader.Invalid(path, $"it is not valid JSON (line {ex.LineNumber + 1}: {Reason(ex)})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw DirectTargetsLoader.Invalid(path, $"it must be an object with a \"targets\" array, not {Describe(root)}");
            }

            JsonElement? targets = null;
            foreach (var field in Fields(path, root, "the file"))
            {
                targets = field.Name == "targets"
                    ? field.Value
                    : throw DirectTargetsLoader.Invalid(path, $"unknown field \"{Shown(field.Name)}\" at the top level; the file holds only \"targets\"");
            }

            if (targets is not { ValueKind: JsonValueKind.Array } list)
            {
                throw DirectTargetsLoader.Invalid(path, targets is { } other
                    ? $"\"targets\" must be an array of target objects, not {Describe(other)}"
                    : "it has no \"targets\" array");
            }

            return [.. list.EnumerateArray().Select((element, index) => Target(path, index + 1, element))];
        }
    }

    private static DirectTargetDefinition Target(string path, int number, JsonElement element)
    {
        var where = $"target #{number}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw DirectTargetsLoader.Invalid(path, $"{where} must be an object, not {Describe(element)}");
        }

        var strings = new Dictionary<string, string?>(StringComparer.Ordinal);
        var booleans = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var field in Fields(path, element, where))
        {
            var value = field.Value;
            if (StringFields.Contains(field.Name, StringComparer.Ordinal))
            {
                strings[field.Name] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw DirectTargetsLoader.Invalid(path, $"{where}: \"{field.Name}\" must be a string, not {Describe(value)}"),
                };
            }
            else if (BooleanFields.Contains(field.Name, StringComparer.Ordinal))
            {
                booleans[field.Name] = value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw DirectTargetsLoader.Invalid(path, $"{where}: \"{field.Name}\" must be true or false, not {Describe(value)}"),
                };
            }
            else
            {
                throw DirectTargetsLoader.Invalid(
                    path,
                    $"{where}: unknown field \"{Shown(field.Name)}\"; the fields are {string.Join(", ", StringFields.Concat(BooleanFields))}");
            }
        }

        return new DirectTargetDefinition
        {
            Number = number,
            Id = strings.GetValueOrDefault("id"),
            Name = strings.GetValueOrDefault("name"),
            Type = strings.GetValueOrDefault("type"),
            Url = strings.GetValueOrDefault("url"),
            Username = strings.GetValueOrDefault("username"),
            Password = strings.GetValueOrDefault("password"),
            PasswordEnv = strings.GetValueOrDefault("passwordEnv"),
            CertificateSha256 = strings.GetValueOrDefault("certificateSha256"),
            AcceptSelfSignedCertificate = booleans.GetValueOrDefault("acceptSelfSignedCertificate"),
            AllowInsecureHttp = booleans.GetValueOrDefault("allowInsecureHttp"),
        };
    }

    /// <summary>An object's fields; JSON allows a repeated name, where the last would silently win, so a repeat is an error.</summary>
    private static IEnumerable<JsonProperty> Fields(string path, JsonElement element, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in element.EnumerateObject())
        {
            if (!seen.Add(field.Name))
            {
                throw DirectTargetsLoader.Invalid(path, $"{where} gives \"{Shown(field.Name)}\" twice; keep one");
            }

            yield return field;
        }
    }

    private static string Shown(string name) => UntrustedText.Printable(name, 64);

    /// <summary>The reader's own explanation, without the position it appends (reported as a line number instead).</summary>
    private static string Reason(JsonException exception)
    {
        var message = exception.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (position > 0 ? message[..position] : message).TrimEnd('.', ' ');
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };
}
