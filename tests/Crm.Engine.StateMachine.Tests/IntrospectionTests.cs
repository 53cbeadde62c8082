namespace Crm.Engine.StateMachine.Tests;

public class IntrospectionTests
{
    private static StateMachineDefinition<Deal, Move> BuildSmall()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.SetTriggerParameters<int>(Move.Assign);
        builder.Configure(Deal.Open).InitialTransition(Deal.Lead).Permit(Move.Lose, Deal.Lost);
        builder.Configure(Deal.Lead)
            .SubstateOf(Deal.Open)
            .Permit(Move.Qualify, Deal.Qualified)
            .InternalTransition(Move.Touch, _ => { }, "Log touch")
            .OnEntry(() => { }, "Notify owner");
        builder.Configure(Deal.Qualified)
            .SubstateOf(Deal.Open)
            .PermitIf(Move.Win, Deal.Won, () => true, "Contract signed")
            .Ignore(Move.Touch)
            .OnExit(() => { });
        return builder.Build();
    }

    [Fact]
    public void GetInfo_SmallMachine_DescribesStatesHierarchyTransitionsAndTriggers()
    {
        var info = BuildSmall().GetInfo();

        Assert.Equal([Deal.Open, Deal.Lead, Deal.Qualified, Deal.Lost, Deal.Won], info.States.Select(s => s.State));
        Assert.Equal([Deal.Open, Deal.Lost, Deal.Won], info.TopLevelStates.Select(s => s.State));
        var open = info.States[0];
        Assert.Equal([Deal.Lead, Deal.Qualified], open.Substates.Select(s => s.State));
        Assert.Equal(Deal.Lead, open.InitialTransitionTarget!.State);
        var lead = info.States[1];
        Assert.Same(open, lead.Superstate);
        Assert.Equal(["Notify owner"], lead.EntryActions);
        Assert.Equal(["Permit Qualify -> Qualified", "Internal Touch -> "], lead.Transitions.Select(Describe));
        Assert.Equal("Log touch", lead.Transitions[1].Description);
        var qualified = info.States[2];
        Assert.Equal(["OnExit(Qualified)"], qualified.ExitActions);
        var win = qualified.Transitions[0];
        Assert.Equal(TransitionKind.Permit, win.Kind);
        Assert.Equal(["Contract signed"], win.GuardDescriptions);
        Assert.True(win.IsGuarded);
        Assert.Equal(TransitionKind.Ignore, qualified.Transitions[1].Kind);
        Assert.Equal([Move.Lose, Move.Qualify, Move.Touch, Move.Win, Move.Assign], info.Triggers.Select(t => t.Trigger));
        Assert.Equal(typeof(int), info.Triggers[4].ParameterType);
        Assert.Null(info.Triggers[0].ParameterType);
        Assert.Equal(5, info.GetAllTransitions().Count);
    }

    [Fact]
    public void ToMermaid_SmallMachine_ProducesExactDiagram()
    {
        string mermaid = BuildSmall().ToMermaid(Deal.Lead);

        Assert.Equal(
            """
            stateDiagram-v2
                [*] --> Lead
                state Open {
                    [*] --> Lead
                    Lead
                    Qualified
                }
                Lost
                Won
                Open --> Lost : Lose
                Lead --> Qualified : Qualify
                Lead --> Lead : Touch (internal)
                Qualified --> Won : Win [Contract signed]

            """.ReplaceLineEndings("\n"),
            mermaid);
    }

    [Fact]
    public void ToDotGraph_SmallMachine_ProducesExactGraph()
    {
        string dot = BuildSmall().ToDotGraph(Deal.Lead);

        Assert.Equal(
            """
            digraph {
                compound=true;
                rankdir=LR;
                node [shape=Mrecord];
                __start [shape=point];
                subgraph "cluster_Open" {
                    label="Open";
                    "Open" [shape=point];
                    "Lead";
                    "Qualified";
                }
                "Lost";
                "Won";
                __start -> "Lead";
                "Open" -> "Lead";
                "Open" -> "Lost" [label="Lose", ltail="cluster_Open"];
                "Lead" -> "Qualified" [label="Qualify"];
                "Lead" -> "Lead" [label="Touch (internal)"];
                "Qualified" -> "Won" [label="Win [Contract signed]"];
            }

            """.ReplaceLineEndings("\n"),
            dot);
    }

    [Fact]
    public void ToMermaid_StateNamesWithSpacesAndDynamicDestinations_UsesAliasesAndDynamicLabels()
    {
        var builder = new StateMachineBuilder<string, string>();
        builder.Configure("new lead").PermitDynamic("route", () => "sales", "By region", "sales", "support team");
        string mermaid = builder.Build().ToMermaid();

        Assert.Equal(
            """
            stateDiagram-v2
                state "new lead" as s0
                state "support team" as s2
                s0
                sales
                s2
                s0 --> sales : route (dynamic)
                s0 --> s2 : route (dynamic)

            """.ReplaceLineEndings("\n"),
            mermaid);
    }

    [Fact]
    public void PermittedTriggers_DependsOnStateAndGuards_ListsFireableTriggersInDefinitionOrder()
    {
        bool signed = true;
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Open).Permit(Move.Lose, Deal.Lost);
        builder.Configure(Deal.Lead).SubstateOf(Deal.Open).Permit(Move.Qualify, Deal.Qualified);
        builder.Configure(Deal.Qualified).SubstateOf(Deal.Open).PermitIf(Move.Win, Deal.Won, () => signed, "Contract signed").Ignore(Move.Touch);
        var definition = builder.Build();
        var qualified = definition.CreateInstance(Deal.Qualified);

        Assert.Equal([Move.Lose, Move.Win, Move.Touch], qualified.PermittedTriggers);
        signed = false;
        Assert.Equal([Move.Lose, Move.Touch], qualified.PermittedTriggers);
        Assert.Equal([Move.Lose, Move.Qualify], definition.CreateInstance(Deal.Lead).PermittedTriggers);
        Assert.Empty(definition.CreateInstance(Deal.Won).PermittedTriggers);
    }

    [Fact]
    public async Task GetPermittedTriggersAsync_AsyncGuards_AreEvaluatedWhileSyncPropertyRefuses()
    {
        var builder = new StateMachineBuilder<Deal, Move>();
        builder.Configure(Deal.Negotiation)
            .PermitIfAsync(Move.Win, Deal.Won, () => ValueTask.FromResult(true), "Credit ok")
            .PermitIfAsync(Move.Lose, Deal.Lost, () => ValueTask.FromResult(false), "Lost to competitor");
        var machine = builder.Build().CreateInstance(Deal.Negotiation);

        Assert.Equal([Move.Win], await machine.GetPermittedTriggersAsync());
        var error = Assert.Throws<InvalidOperationException>(() => machine.PermittedTriggers);
        Assert.Contains("GetPermittedTriggersAsync", error.Message, StringComparison.Ordinal);
    }

    private static string Describe(TransitionInfo<Deal, Move> transition) =>
        $"{transition.Kind} {transition.Trigger} -> {transition.Destination}";
}
