namespace Crm.Engine.Plugins;

/// <summary>
/// Orders plugins so each loads after the plugins it depends on, and finds dependency cycles.
/// </summary>
internal static class DependencyOrder
{
    /// <summary>Sorts manifests topologically; plugins in or behind a cycle are returned separately with the cycle.</summary>
    /// <param name="manifests">The plugins to load.</param>
    /// <param name="cycles">Each plugin that cannot load because of a cycle, with the cycle as text ("a → b → a").</param>
    /// <returns>The loadable plugins in load order; dependencies outside the set are left to the load-time check.</returns>
    public static List<PluginManifest> Sort(IReadOnlyList<PluginManifest> manifests, out Dictionary<string, string> cycles)
    {
        var byId = manifests.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var ordered = new List<PluginManifest>();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var manifest in manifests)
        {
            Visit(manifest.Id);
        }

        cycles = found;
        return [.. ordered.Where(m => !found.ContainsKey(m.Id))];

        void Visit(string id)
        {
            if (state.TryGetValue(id, out var mark))
            {
                if (mark == 1)
                {
                    var cycle = path[path.IndexOf(id)..];
                    var text = string.Join(" → ", cycle.Append(id));
                    foreach (var member in cycle)
                    {
                        found.TryAdd(member, text);
                    }
                }

                return;
            }

            state[id] = 1;
            path.Add(id);
            var manifest = byId[id];
            foreach (var dependency in manifest.Dependencies)
            {
                if (byId.ContainsKey(dependency.Id))
                {
                    Visit(dependency.Id);
                    if (found.TryGetValue(dependency.Id, out var cycle) && !found.ContainsKey(id))
                    {
                        found[id] = cycle;
                    }
                }
            }

            path.RemoveAt(path.Count - 1);
            state[id] = 2;
            ordered.Add(manifest);
        }
    }

    /// <summary>Finds a cycle through <paramref name="start"/> in a dependency graph, or <see langword="null"/>.</summary>
    public static string? FindCycle(string start, Func<string, IEnumerable<string>> dependenciesOf)
    {
        var path = new List<string> { start };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Walk(start);

        string? Walk(string id)
        {
            foreach (var next in dependenciesOf(id))
            {
                if (next == start)
                {
                    return string.Join(" → ", path.Append(start));
                }

                if (seen.Add(next))
                {
                    path.Add(next);
                    if (Walk(next) is { } cycle)
                    {
                        return cycle;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }

            return null;
        }
    }
}
