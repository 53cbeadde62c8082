namespace Crm.Engine.StateMachine.Tests;

/// <summary>
/// Builds random valid machines from a seed and fires random triggers, checking invariants after every fire:
/// the state is a configured state, IsInState agrees with the hierarchy, CanFire predicts whether Fire succeeds, and replaying
/// the logged exits and entries on a stack of active states always yields exactly the current state's ancestor chain, and the
/// exits and entries equal those predicted by a small oracle written from the documented semantics.
/// </summary>
public class RandomMachinePropertyTests
{
    private const int StateCount = 9;
    private const int TriggerCount = 6;

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (int seed = 1; seed <= 25; seed++)
        {
            seeds.Add(seed * 7919);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Fire_RandomTriggersOnRandomMachine_InvariantsHold(int seed)
    {
        var random = new Random(seed);
        int[] parents = RandomForest(random);
        var events = new List<(bool Enter, int State)>();
        var flags = new bool[TriggerCount];
        var model = new Dictionary<(int State, int Trigger), (Kind Kind, int Other)>();
        var initials = new int[StateCount];
        Array.Fill(initials, -1);
        var builder = new StateMachineBuilder<int, int>();
        for (int s = 0; s < StateCount; s++)
        {
            int state = s;
            var configuration = builder.Configure(state)
                .OnEntry(() => events.Add((true, state)))
                .OnExit(() => events.Add((false, state)));
            if (parents[s] >= 0)
            {
                configuration.SubstateOf(parents[s]);
            }

            int[] children = Enumerable.Range(0, StateCount).Where(c => parents[c] == s).ToArray();
            if (children.Length > 0 && random.Next(2) == 0)
            {
                initials[s] = children[random.Next(children.Length)];
                configuration.InitialTransition(initials[s]);
            }

            for (int t = 0; t < TriggerCount; t++)
            {
                if (random.NextDouble() < 0.45)
                {
                    model[(s, t)] = AddRandomBehaviour(random, configuration, t, flags);
                }
            }
        }

        var definition = builder.Build();
        int start = random.Next(StateCount);
        var machine = definition.CreateInstance(start);
        var active = new List<int>(PathOf(start, parents));

        for (int step = 0; step < 300; step++)
        {
            for (int f = 0; f < flags.Length; f++)
            {
                flags[f] = random.Next(2) == 0;
            }

            int trigger = random.Next(TriggerCount);
            bool predicted = machine.CanFire(trigger);
            List<(bool Enter, int State)>? expected = Oracle(machine.State, trigger, model, parents, initials, flags);
            events.Clear();
            bool fired;
            try
            {
                machine.Fire(trigger);
                fired = true;
            }
            catch (InvalidTransitionException)
            {
                fired = false;
            }

            Assert.Equal(predicted, fired);
            Assert.Equal(expected is not null, fired);
            if (expected is not null)
            {
                Assert.Equal(expected, events);
            }

            foreach ((bool enter, int state) in events)
            {
                if (enter)
                {
                    int expectedParent = active.Count == 0 ? -1 : active[^1];
                    Assert.Equal(expectedParent, parents[state]);
                    active.Add(state);
                }
                else
                {
                    Assert.Equal(active[^1], state);
                    active.RemoveAt(active.Count - 1);
                }
            }

            int current = machine.State;
            Assert.InRange(current, 0, StateCount - 1);
            Assert.Equal(PathOf(current, parents), active);
            for (int s = 0; s < StateCount; s++)
            {
                Assert.Equal(active.Contains(s), machine.IsInState(s));
            }
        }
    }

    private static int[] RandomForest(Random random)
    {
        var parents = new int[StateCount];
        for (int s = 0; s < StateCount; s++)
        {
            // Parents always have a smaller index, so the hierarchy is acyclic by construction.
            parents[s] = s > 0 && random.Next(2) == 0 ? random.Next(s) : -1;
        }

        return parents;
    }

    private enum Kind
    {
        Permit,
        Reentry,
        Ignore,
        Internal,
        PermitWhenFlagElseIgnore,
    }

    private static (Kind Kind, int Other) AddRandomBehaviour(
        Random random, StateConfiguration<int, int> configuration, int trigger, bool[] flags)
    {
        int other = (configuration.State + 1 + random.Next(StateCount - 1)) % StateCount;
        switch (random.Next(6))
        {
            case 0:
            case 1:
                configuration.Permit(trigger, other);
                return (Kind.Permit, other);
            case 2:
                configuration.PermitReentry(trigger);
                return (Kind.Reentry, configuration.State);
            case 3:
                configuration.Ignore(trigger);
                return (Kind.Ignore, -1);
            case 4:
                configuration.InternalTransition(trigger, _ => { });
                return (Kind.Internal, -1);
            default:
                // Two candidates with complementary guards: exactly one applies.
                configuration
                    .PermitIf(trigger, other, () => flags[trigger], "flag set")
                    .IgnoreIf(trigger, () => !flags[trigger], "flag clear");
                return (Kind.PermitWhenFlagElseIgnore, other);
        }
    }

    /// <summary>
    /// Predicts the exits and entries of a fire, or null when it is unhandled: the innermost state declaring the trigger decides;
    /// a transition exits below the deepest common ancestor of source and target and enters down to the target's initial substate;
    /// a reentry (declared, or a transition to the current state) exits up to and including the re-entered state.
    /// </summary>
    private static List<(bool Enter, int State)>? Oracle(
        int current, int trigger, Dictionary<(int State, int Trigger), (Kind Kind, int Other)> model, int[] parents, int[] initials, bool[] flags)
    {
        for (int declaring = current; declaring >= 0; declaring = parents[declaring])
        {
            if (!model.TryGetValue((declaring, trigger), out (Kind Kind, int Other) behaviour))
            {
                continue;
            }

            return behaviour.Kind switch
            {
                Kind.Permit => Move(current, behaviour.Other, reentered: behaviour.Other == current ? current : -1, parents, initials),
                Kind.Reentry => Move(current, declaring, reentered: declaring, parents, initials),
                Kind.PermitWhenFlagElseIgnore when flags[trigger] =>
                    Move(current, behaviour.Other, reentered: behaviour.Other == current ? current : -1, parents, initials),
                _ => [],
            };
        }

        return null;
    }

    private static List<(bool Enter, int State)> Move(int source, int target, int reentered, int[] parents, int[] initials)
    {
        int final = target;
        while (initials[final] >= 0)
        {
            final = initials[final];
        }

        List<int> sourcePath = PathOf(source, parents);
        List<int> targetPath = PathOf(target, parents);
        List<int> finalPath = PathOf(final, parents);
        int keep = 0;
        if (reentered >= 0)
        {
            keep = PathOf(reentered, parents).Count - 1;
        }
        else
        {
            while (keep < sourcePath.Count && keep < targetPath.Count && sourcePath[keep] == targetPath[keep])
            {
                keep++;
            }
        }

        var events = new List<(bool Enter, int State)>();
        for (int i = sourcePath.Count - 1; i >= keep; i--)
        {
            events.Add((false, sourcePath[i]));
        }

        for (int i = keep; i < finalPath.Count; i++)
        {
            events.Add((true, finalPath[i]));
        }

        return events;
    }

    private static List<int> PathOf(int state, int[] parents)
    {
        var path = new List<int>();
        for (int s = state; s >= 0; s = parents[s])
        {
            path.Insert(0, s);
        }

        return path;
    }
}
