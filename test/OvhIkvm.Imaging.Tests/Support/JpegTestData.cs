namespace OvhIkvm.Imaging.Tests.Support;

/// <summary>The cjpeg-made JPEGs under TestData/ and djpeg's reference decodes of them.</summary>
internal static class JpegTestData
{
    public static readonly string[] Names =
    [
        "baseline-420-restart",
        "baseline-444",
        "baseline-422-optimised",
        "baseline-440",
        "greyscale-restart",
    ];

    public static byte[] Jpeg(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name + ".jpg"));

    public static Frame Reference(string name) =>
        Netpbm.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name + ".djpeg.pnm")));
}
