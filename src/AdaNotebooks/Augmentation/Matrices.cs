using static TorchSharp.torch;

namespace AdaNotebooks.Augmentation;

/// <summary>Batched homogeneous matrices (float32, [B, 3, 3] for 2-D pixel coordinates, [B, 4, 4] for RGB+1).
/// Parameters are [B] tensors. rotate(a) = [[cos a, -sin a, 0], [sin a, cos a, 0], [0, 0, 1]].</summary>
public static class Matrices
{
    static Tensor Build(int n, Tensor[,] entries)
    {
        long batch = entries.Cast<Tensor?>().First(e => e is not null && e.dim() == 1)!.shape[0];
        var rows = new List<Tensor>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                rows.Add(entries[i, j].dim() == 0 ? entries[i, j].expand(batch) : entries[i, j]);
        return stack(rows, dim: -1).view(batch, n, n);
    }

    static Tensor C(double v, Tensor like) => full(like.shape, (float)v, dtype: like.dtype, device: like.device);

    public static Tensor Translate2d(Tensor tx, Tensor ty)
    {
        Tensor o = C(1, tx), z = C(0, tx);
        return Build(3, new[,] { { o, z, tx }, { z, o, ty }, { z, z, o } });
    }

    public static Tensor Scale2d(Tensor sx, Tensor sy)
    {
        Tensor o = C(1, sx), z = C(0, sx);
        return Build(3, new[,] { { sx, z, z }, { z, sy, z }, { z, z, o } });
    }

    public static Tensor Rotate2d(Tensor theta)
    {
        Tensor o = C(1, theta), z = C(0, theta), c = theta.cos(), s = theta.sin();
        return Build(3, new[,] { { c, s.neg(), z }, { s, c, z }, { z, z, o } });
    }

    public static Tensor Translate2dInv(Tensor tx, Tensor ty) => Translate2d(tx.neg(), ty.neg());
    public static Tensor Scale2dInv(Tensor sx, Tensor sy) => Scale2d(sx.reciprocal(), sy.reciprocal());
    public static Tensor Rotate2dInv(Tensor theta) => Rotate2d(theta.neg());

    /// <summary>A constant 3x3 matrix, for the fixed steps of the resampler.</summary>
    public static Tensor Constant3(double a, double b, double c, double d, double e, double f) =>
        tensor(new float[] { (float)a, (float)b, (float)c, (float)d, (float)e, (float)f, 0, 0, 1 }, [3, 3]);

    public static Tensor Translate3d(Tensor tx, Tensor ty, Tensor tz)
    {
        Tensor o = C(1, tx), z = C(0, tx);
        return Build(4, new[,] { { o, z, z, tx }, { z, o, z, ty }, { z, z, o, tz }, { z, z, z, o } });
    }

    public static Tensor Scale3d(Tensor sx, Tensor sy, Tensor sz)
    {
        Tensor o = C(1, sx), z = C(0, sx);
        return Build(4, new[,] { { sx, z, z, z }, { z, sy, z, z }, { z, z, sz, z }, { z, z, z, o } });
    }

    /// <summary>Right-handed rotation by theta about the unit axis v (Rodrigues), embedded in a 4x4 identity.</summary>
    public static Tensor Rotate3d(double[] v, Tensor theta)
    {
        Tensor s = theta.sin(), c = theta.cos(), cc = 1 - c, o = C(1, theta), z = C(0, theta);
        float vx = (float)v[0], vy = (float)v[1], vz = (float)v[2];
        return Build(4, new[,]
        {
            { vx * vx * cc + c, vx * vy * cc - vz * s, vx * vz * cc + vy * s, z },
            { vy * vx * cc + vz * s, vy * vy * cc + c, vy * vz * cc - vx * s, z },
            { vz * vx * cc - vy * s, vz * vy * cc + vx * s, vz * vz * cc + c, z },
            { z, z, z, o },
        });
    }
}
