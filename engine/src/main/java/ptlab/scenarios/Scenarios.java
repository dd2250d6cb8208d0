package ptlab.scenarios;

import java.util.List;
import java.util.Map;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.race.Program;

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

    /** The program a {@link Program#origin()} written by {@link Scenario#program} names. */
    public static Program<Machine> program(Map<String, ?> origin) {
        if (!(origin.get("scenario") instanceof String id)) {
            throw new IllegalArgumentException("no scenario in origin " + origin + ": only scenario programs can be rebuilt");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> knobs = (Map<String, ?>) origin.get("knobs");
        return get(id).program((String) origin.get("variant"), Config.of((String) origin.get("arch")).with(knobs));
    }
}
