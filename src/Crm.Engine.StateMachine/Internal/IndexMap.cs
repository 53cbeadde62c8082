using System.Runtime.CompilerServices;

namespace Crm.Engine.StateMachine.Internal;

/// <summary>
/// Maps the states or triggers of a definition to dense indexes 0..n-1. Enums whose values span a small range use a direct
/// array lookup (no hashing, no boxing); other types use a dictionary with the default equality comparer.
/// </summary>
internal sealed class IndexMap<T>
    where T : notnull
{
    private const int MaxDenseSpan = 4096;

    private readonly int[]? _dense;
    private readonly ulong _min;
    private readonly Dictionary<T, int>? _lookup;

    public IndexMap(IReadOnlyList<T> items)
    {
        if (typeof(T).IsEnum && items.Count > 0)
        {
            ulong min = ulong.MaxValue;
            ulong max = ulong.MinValue;
            foreach (T item in items)
            {
                ulong key = Key(item);
                min = Math.Min(min, key);
                max = Math.Max(max, key);
            }

            ulong span = max - min;
            if (span < MaxDenseSpan && span < (ulong)(items.Count * 8) + 64)
            {
                _min = min;
                _dense = new int[(int)span + 1];
                Array.Fill(_dense, -1);
                for (int i = 0; i < items.Count; i++)
                {
                    _dense[(int)(Key(items[i]) - min)] = i;
                }

                return;
            }
        }

        _lookup = new Dictionary<T, int>(items.Count, EqualityComparer<T>.Default);
        for (int i = 0; i < items.Count; i++)
        {
            _lookup.Add(items[i], i);
        }
    }

    /// <summary>Returns the index of <paramref name="value"/>, or -1 when it is not part of the definition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(T value)
    {
        if (_dense is { } dense)
        {
            ulong offset = Key(value) - _min;
            return offset < (ulong)dense.Length ? dense[(int)offset] : -1;
        }

        return _lookup!.TryGetValue(value, out int index) ? index : -1;
    }

    // Reads an enum's bits as an unsigned number; SizeOf is a JIT-time constant, so this folds to a single load.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Key(T value)
    {
        if (Unsafe.SizeOf<T>() == 1)
        {
            return Unsafe.As<T, byte>(ref value);
        }

        if (Unsafe.SizeOf<T>() == 2)
        {
            return Unsafe.As<T, ushort>(ref value);
        }

        if (Unsafe.SizeOf<T>() == 4)
        {
            return Unsafe.As<T, uint>(ref value);
        }

        return Unsafe.As<T, ulong>(ref value);
    }
}
