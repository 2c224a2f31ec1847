namespace OvhIkvm.Imaging.Tests.Support;

/// <summary>A file in the temp folder holding some bytes, deleted on dispose.</summary>
internal sealed class TemporaryFile : IDisposable
{
    public TemporaryFile(byte[] contents)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ovh-ikvm-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(Path, contents);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
