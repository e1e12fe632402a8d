using System.Buffers.Binary;
using System.IO.Compression;

namespace InfluenceGraph.Browser.Tests;

/// <summary>A minimal PNG reader (8-bit RGB/RGBA, not interlaced: what Chromium's screenshots are) for pixel checks.</summary>
public static class Png
{
    /// <summary>Decodes to (width, height, RGBA bytes).</summary>
    public static (int Width, int Height, byte[] Rgba) Decode(byte[] png)
    {
        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        for (int pos = 8; pos + 8 <= png.Length;)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, len);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0) throw new NotSupportedException("only 8-bit, non-interlaced PNG");
                colorType = data[9];
                if (colorType is not (2 or 6)) throw new NotSupportedException("only RGB or RGBA PNG");
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            pos += 12 + len;
        }
        int bpp = colorType == 6 ? 4 : 3, stride = width * bpp;
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new byte[(stride + 1) * height];
        z.ReadExactly(raw);
        var rgba = new byte[width * height * 4];
        var prev = new byte[stride];
        var cur = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            Array.Copy(raw, y * (stride + 1) + 1, cur, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                cur[i] = (byte)(cur[i] + filter switch
                {
                    0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new NotSupportedException("PNG filter " + filter),
                });
            }
            for (int x = 0; x < width; x++)
            {
                int o = (y * width + x) * 4;
                rgba[o] = cur[x * bpp]; rgba[o + 1] = cur[x * bpp + 1]; rgba[o + 2] = cur[x * bpp + 2];
                rgba[o + 3] = bpp == 4 ? cur[x * bpp + 3] : (byte)255;
            }
            (prev, cur) = (cur, prev);
        }
        return (width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Pixels that differ from white by more than a faint anti-aliasing shade, and how many distinct colours they have.</summary>
    public static (int Inked, int Colours) Ink(byte[] png)
    {
        var (w, h, rgba) = Decode(png);
        int inked = 0;
        var colours = new HashSet<int>();
        for (int i = 0; i < w * h; i++)
        {
            int r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2];
            if (255 * 3 - (r + g + b) > 60) { inked++; colours.Add((r >> 4) << 8 | (g >> 4) << 4 | (b >> 4)); }
        }
        return (inked, colours.Count);
    }
}
