namespace OvhIkvm.Tool.Tests.Support;

/// <summary>A file in a fresh temporary folder, deleted with the folder.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ovh-ikvm-tests-").FullName;

    public TempFile(string name, string? content = null)
    {
        Path = System.IO.Path.Combine(_directory, name);
        if (content is not null)
        {
            File.WriteAllText(Path, content);
        }
    }

    public string Path { get; }

    public string Folder => _directory;

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
