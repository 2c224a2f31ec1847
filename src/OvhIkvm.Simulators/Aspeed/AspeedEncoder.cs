using OvhIkvm.Imaging;

namespace OvhIkvm.Simulators.Aspeed;

/// <summary>
/// Encodes screens into the ASPEED video engine's bitstream, so tests and the BMC simulator can serve what a real
/// AST2500 would send: DCT blocks (4:4:4 or 4:2:0, any selector), VQ blocks for blocks of up to four colours,
/// pass-2 refinements, positioned and sequential blocks, and incremental frames that code only changed blocks.
/// </summary>
/// <remarks>
/// Every frame is self-contained: the first use of a VQ palette slot in a frame always sets its colour, so a
/// frame decodes the same whatever palette the decoder kept from earlier frames, and one encoded screen can be
/// served to any number of clients.
/// </remarks>
public static class AspeedEncoder
{
    /// <summary>A full frame: every block of <paramref name="frame"/>.</summary>
    public static byte[] Encode(Frame frame, AspeedEncoderOptions options) => EncodeFrame(frame, previous: null, options).Bitstream;

    /// <summary>An incremental frame: only the blocks where <paramref name="current"/> differs from <paramref name="previous"/>.</summary>
    public static byte[] EncodeChanges(Frame previous, Frame current, AspeedEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return EncodeFrame(current, previous, options).Bitstream;
    }

    /// <summary>
    /// Encodes <paramref name="current"/>; with a <paramref name="previous"/> frame of the same size, only the blocks
    /// that changed (possibly none: then the frame is just the end code).
    /// </summary>
    public static AspeedEncodedFrame EncodeFrame(Frame current, Frame? previous, AspeedEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var encoder = new AspeedFrameEncoder(current, options);
        var incremental = previous is not null && previous.Width == current.Width && previous.Height == current.Height;
        if (!incremental)
        {
            for (var row = 0; row < encoder.Rows; row++)
            {
                for (var column = 0; column < encoder.Columns; column++)
                {
                    encoder.EncodeBlock(column, row);
                }
            }

            return encoder.Finish();
        }

        if (encoder.CanPositionEveryBlock)
        {
            for (var row = 0; row < encoder.Rows; row++)
            {
                for (var column = 0; column < encoder.Columns; column++)
                {
                    if (encoder.BlockDiffers(previous!, column, row))
                    {
                        encoder.EncodeBlock(column, row);
                    }
                }
            }

            return encoder.Finish();
        }

        // Positions are 8-bit: on a screen wider or taller than 256 blocks, code the changed span in raster order.
        var first = -1;
        var last = -1;
        for (var index = 0; index < encoder.Columns * encoder.Rows; index++)
        {
            if (encoder.BlockDiffers(previous!, index % encoder.Columns, index / encoder.Columns))
            {
                first = first < 0 ? index : first;
                last = index;
            }
        }

        if (first >= 0 && !AspeedFrameEncoder.CanAddress(first % encoder.Columns, first / encoder.Columns))
        {
            first = 0;
        }

        for (var index = first; first >= 0 && index <= last; index++)
        {
            encoder.EncodeBlock(index % encoder.Columns, index / encoder.Columns);
        }

        return encoder.Finish();
    }
}
