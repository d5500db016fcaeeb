using static TorchSharp.torch;

namespace AdaNotebooks.Networks;

/// <summary>Latents from integer seeds exactly as the reference's generate.py draws them:
/// <c>numpy.random.RandomState(seed).randn(z_dim)</c> (MT19937 seeded with init_genrand, 53-bit doubles and the
/// legacy polar Box-Muller method). The same seed therefore gives the same z, and with const noise the same image,
/// as the reference for the same weights.</summary>
public static class LatentSeeds
{
    /// <summary>z [seeds.Count, zDim] (float32), row i from seeds[i].</summary>
    public static Tensor Z(IReadOnlyList<long> seeds, int zDim)
    {
        var data = new float[seeds.Count * zDim];
        for (int i = 0; i < seeds.Count; i++)
        {
            var normals = RandomStateNormals(seeds[i], zDim);
            for (int j = 0; j < zDim; j++) data[i * zDim + j] = (float)normals[j];
        }
        return tensor(data, [seeds.Count, zDim]);
    }

    /// <summary>The first <paramref name="count"/> values of numpy.random.RandomState(seed).randn().</summary>
    public static double[] RandomStateNormals(long seed, int count)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), "seeds must be between 0 and 2^32 - 1");
        var mt = new Mt19937((uint)seed);
        var result = new double[count];
        double? saved = null;
        for (int k = 0; k < count; k++)
        {
            if (saved is double g)
            {
                result[k] = g;
                saved = null;
                continue;
            }
            double x1, x2, r2;
            do
            {
                x1 = 2.0 * mt.NextDouble() - 1.0;
                x2 = 2.0 * mt.NextDouble() - 1.0;
                r2 = x1 * x1 + x2 * x2;
            } while (r2 >= 1.0 || r2 == 0.0);
            double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
            saved = f * x1;
            result[k] = f * x2;
        }
        return result;
    }

    /// <summary>The Mersenne Twister MT19937 (Matsumoto and Nishimura), seeded as numpy seeds it from an
    /// integer.</summary>
    sealed class Mt19937
    {
        const int N = 624, M = 397;
        readonly uint[] _mt = new uint[N];
        int _index = N;

        public Mt19937(uint seed)
        {
            _mt[0] = seed;
            for (int i = 1; i < N; i++)
                _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        }

        public uint NextUInt()
        {
            if (_index >= N)
            {
                for (int i = 0; i < N; i++)
                {
                    uint y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % N] & 0x7fffffffu);
                    _mt[i] = _mt[(i + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
                }
                _index = 0;
            }
            uint x = _mt[_index++];
            x ^= x >> 11;
            x ^= (x << 7) & 0x9d2c5680u;
            x ^= (x << 15) & 0xefc60000u;
            x ^= x >> 18;
            return x;
        }

        /// <summary>A double in [0, 1) from 53 random bits (two draws).</summary>
        public double NextDouble()
        {
            uint a = NextUInt() >> 5, b = NextUInt() >> 6;
            return (a * 67108864.0 + b) / 9007199254740992.0;
        }
    }
}
