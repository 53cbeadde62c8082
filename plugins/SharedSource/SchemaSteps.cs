namespace Crm.Plugins.Storage;

/// <summary>Orders a provider's schema steps by version and refuses two steps with one version.</summary>
internal static class SchemaSteps
{
    /// <summary>Sorts <paramref name="steps"/> in place by version, so features can add steps to the list in any order.</summary>
    /// <typeparam name="T">The provider's step type.</typeparam>
    /// <param name="steps">The steps.</param>
    /// <param name="version">Reads a step's version.</param>
    /// <param name="name">Reads a step's name, for the error.</param>
    /// <returns>The same array, sorted.</returns>
    /// <exception cref="InvalidOperationException">Two steps share a version.</exception>
    public static T[] InVersionOrder<T>(T[] steps, Func<T, int> version, Func<T, string> name)
    {
        Array.Sort(steps, (a, b) => version(a).CompareTo(version(b)));
        for (var i = 1; i < steps.Length; i++)
        {
            if (version(steps[i]) == version(steps[i - 1]))
            {
                throw new InvalidOperationException($"Schema steps '{name(steps[i - 1])}' and '{name(steps[i])}' share version {version(steps[i])}.");
            }
        }

        return steps;
    }
}
