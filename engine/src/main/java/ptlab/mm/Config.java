package ptlab.mm;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import ptlab.arch.Arch;
import ptlab.arch.Arm64;
import ptlab.arch.Profile;
import ptlab.arch.SoftwareAD;
import ptlab.arch.X86;

/**
 * An architecture profile and its knobs, immutable: {@code Config.of(Profile.ARM64).with("ARM64_HW_DBM", false)}.
 * An unknown knob, a knob of another architecture, or a value of the wrong type is an error.
 */
public final class Config {
    private final Profile profile;
    private final Map<Knob, Object> values;
    private final Arch arch;

    private Config(Profile profile, Map<Knob, Object> values) {
        this.profile = profile;
        this.values = values;
        this.arch = switch (profile) {
            case X86_64, X86_PAE -> new X86(profile == Profile.X86_PAE, on(Knob.X86_BROADCAST_TLBI));
            case ARM64 -> new Arm64(on(Knob.ARM64_HW_AF), on(Knob.ARM64_HW_DBM), on(Knob.ARM64_CONTPTE));
            case ARM32, GENERIC_SW_AD, RISCV -> new SoftwareAD(profile, on(Knob.RISCV_SVADU));
        };
        int ptes = intValue(Knob.PTRS_PER_PTE);
        if (Integer.bitCount(ptes) != 1 || ptes < 2 || ptes > 64) throw new IllegalArgumentException("PTRS_PER_PTE must be a power of two in 2..64, not " + ptes);
        if (on(Knob.ARM64_CONTPTE) && ptes < 16) throw new IllegalArgumentException("ARM64_CONTPTE needs PTRS_PER_PTE >= 16 (CONT_PTES = 16), not " + ptes);
        int pmds = intValue(Knob.PTRS_PER_PMD);
        if (Integer.bitCount(pmds) != 1 || pmds < 1 || pmds > 64) throw new IllegalArgumentException("PTRS_PER_PMD must be a power of two in 1..64, not " + pmds);
    }

    public static Config of(Profile profile) {
        Map<Knob, Object> v = new EnumMap<>(Knob.class);
        for (Knob k : Knob.values()) v.put(k, k.defaultFor(profile));
        return new Config(profile, v);
    }

    public static Config of(String profile) {
        return of(profileNamed(profile));
    }

    static Profile profileNamed(String name) {
        try {
            return Profile.valueOf(name.trim().toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + java.util.Arrays.toString(Profile.values()));
        }
    }

    /** A copy with one knob set; booleans for switches, ints for sizes and bounds. */
    public Config with(String knob, Object value) {
        return with(knobNamed(knob), value);
    }

    public Config with(Knob knob, Object value) {
        Map<Knob, Object> v = new EnumMap<>(values);
        v.put(knob, checked(knob, value));
        return new Config(profile, v);
    }

    /** A copy with several knobs set together, as {@link #knobs()} lists them (so ARM64_CONTPTE may come before PTRS_PER_PTE). */
    public Config with(Map<String, ?> knobs) {
        Map<Knob, Object> v = new EnumMap<>(values);
        knobs.forEach((name, value) -> {
            Knob k = knobNamed(name);
            v.put(k, checked(k, value));
        });
        return new Config(profile, v);
    }

    /** The value, if it suits the knob on this profile; a long (as JSON reads sizes back) is taken as an int. */
    private Object checked(Knob knob, Object value) {
        if (!knob.appliesTo(profile)) throw new IllegalArgumentException("knob " + knob + " does not apply to " + profile);
        if (knob.isInt() && value instanceof Long l) value = Math.toIntExact(l);
        if (knob.isInt() ? !(value instanceof Integer) : !(value instanceof Boolean)) {
            throw new IllegalArgumentException("knob " + knob + " takes " + (knob.isInt() ? "an int" : "a boolean") + ", not " + value);
        }
        return value;
    }

    static Knob knobNamed(String name) {
        try {
            return Knob.valueOf(name);
        } catch (IllegalArgumentException e) {
            StringJoiner known = new StringJoiner(", ");
            for (Knob k : Knob.values()) known.add(k.name());
            throw new IllegalArgumentException("unknown knob '" + name + "'; known: " + known);
        }
    }

    public Profile profile() {
        return profile;
    }

    public Arch arch() {
        return arch;
    }

    public boolean on(Knob k) {
        return (Boolean) values.get(k);
    }

    public int intValue(Knob k) {
        return (Integer) values.get(k);
    }

    /** Every knob that applies to the profile, with its value, in declaration order: what reproduces this config. */
    public Map<String, Object> knobs() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Knob k : Knob.values()) if (k.appliesTo(profile)) out.put(k.name(), values.get(k));
        return Collections.unmodifiableMap(out);
    }

    public int ptrsPerPte() {
        return intValue(Knob.PTRS_PER_PTE);
    }

    public int ptrsPerPmd() {
        return intValue(Knob.PTRS_PER_PMD);
    }

    /** {@code PMD_SIZE}: the bytes one pmd (one PTE table) maps. */
    public long pmdSize() {
        return (long) ptrsPerPte() << 12;
    }

    /** Knobs that differ from the profile's defaults, e.g. {@code ARM64 HW_DBM=false}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(profile.name());
        Config d = of(profile);
        for (Knob k : Knob.values()) {
            if (!values.get(k).equals(d.values.get(k))) b.append(' ').append(k).append('=').append(values.get(k));
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && c.profile == profile && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return profile.hashCode() * 31 + values.hashCode();
    }
}
