package ptlab.scenarios;

import java.util.List;

/** The catalogue: every source-thread scenario, by id. */
public final class Scenarios {
    private Scenarios() {}

    public static List<Scenario> all() {
        return List.of(LostDirtyBit.scenario(), MigrationVsFault.scenario(), DamonWalk.scenario(), PaeTornRead.scenario(),
                ContpteGather.scenario(), PteLockptr.scenario(), RetractVsReclaim.scenario(), GupFastVsMunmap.scenario(),
                GupFastVsCollapse.scenario(), GupFastVsFork.scenario(), CowVsGup.r4a(), CowVsGup.r4b());
    }

    /** The scenario with this id ("S0", "S1", ...). */
    public static Scenario get(String id) {
        for (Scenario s : all()) if (s.id().equalsIgnoreCase(id)) return s;
        throw new IllegalArgumentException("no scenario '" + id + "'; known: " + all().stream().map(Scenario::id).toList());
    }
}
