namespace OvhIkvm.Imaging.Jpeg;

/// <summary>
/// Decodes the entropy-coded data of one sequential Huffman scan (T.81 F.2), block by block, and writes the
/// inverse-transformed samples straight into each component's plane.
/// </summary>
internal sealed class JpegScanDecoder(
    JpegComponent[] components,
    int[][] quantization,
    JpegHuffmanTable?[] dcTables,
    JpegHuffmanTable?[] acTables)
{
    private const int MaxMagnitudeBits = 15;

    public void Decode(ref JpegBitReader reader, int mcusPerLine, int mcusPerColumn, int restartInterval)
    {
        Span<int> block = stackalloc int[64];
        var interleaved = components.Length > 1;
        var single = components[0];
        var blocksPerLine = interleaved ? mcusPerLine : (single.Width + 7) / 8;
        var total = interleaved ? mcusPerLine * mcusPerColumn : blocksPerLine * ((single.Height + 7) / 8);
        var expectedRestart = 0;

        for (var mcu = 0; mcu < total; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                ProcessRestart(ref reader, expectedRestart);
                expectedRestart = (expectedRestart + 1) & 7;
            }

            var mcuX = mcu % blocksPerLine;
            var mcuY = mcu / blocksPerLine;
            if (interleaved)
            {
                foreach (var component in components)
                {
                    for (var v = 0; v < component.VerticalSampling; v++)
                    {
                        for (var h = 0; h < component.HorizontalSampling; h++)
                        {
                            var blockX = (mcuX * component.HorizontalSampling) + h;
                            var blockY = (mcuY * component.VerticalSampling) + v;
                            DecodeBlock(ref reader, component, block, blockX, blockY);
                        }
                    }
                }
            }
            else
            {
                DecodeBlock(ref reader, single, block, mcuX, mcuY);
            }

            if (reader.ConsumedPastEnd)
            {
                throw new ImageDecodeException("truncated JPEG: the image data ends before the last block");
            }
        }
    }

    private void ProcessRestart(ref JpegBitReader reader, int expected)
    {
        var position = reader.SeekMarker();
        if (!reader.IsRestartMarker(expected))
        {
            throw new ImageDecodeException($"corrupt JPEG: expected restart marker RST{expected} at byte {position}");
        }

        reader.SkipMarker();
        foreach (var component in components)
        {
            component.DcPredictor = 0;
        }
    }

    private void DecodeBlock(ref JpegBitReader reader, JpegComponent component, scoped Span<int> block, int blockX, int blockY)
    {
        block.Clear();
        var quant = quantization[component.QuantizationTable];
        var dcTable = dcTables[component.DcTable]!;
        var acTable = acTables[component.AcTable]!;

        var size = reader.DecodeHuffman(dcTable);
        if (size > MaxMagnitudeBits)
        {
            throw new ImageDecodeException("corrupt JPEG: invalid DC difference size");
        }

        if (size != 0)
        {
            component.DcPredictor += reader.ReceiveExtend(size);
        }

        block[0] = component.DcPredictor * quant[0];

        var naturalOrder = JpegZigZag.ToNatural;
        var hasAc = false;
        for (var k = 1; k < 64;)
        {
            var symbol = reader.DecodeHuffman(acTable);
            var run = symbol >> 4;
            size = symbol & 0x0F;
            if (size == 0)
            {
                if (run != 15)
                {
                    break; // end of block
                }

                k += 16;
                continue;
            }

            k += run;
            if (k > 63)
            {
                throw new ImageDecodeException("corrupt JPEG: a block has more than 64 coefficients");
            }

            block[naturalOrder[k]] = reader.ReceiveExtend(size) * quant[k];
            hasAc = true;
            k++;
        }

        var stride = component.PlaneStride;
        var target = component.Plane.AsSpan((blockY * 8 * stride) + (blockX * 8));
        if (hasAc)
        {
            JpegIdct.Transform(block, target, stride);
        }
        else
        {
            // Flat blocks (most of a console screen) skip the transform: it would yield DC/8 everywhere.
            JpegIdct.FillFlat(block[0], target, stride);
        }
    }
}
