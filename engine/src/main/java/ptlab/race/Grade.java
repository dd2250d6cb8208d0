package ptlab.race;

/** How an outcome is judged, as in jcstress: expected, worth a look, or a bug. */
public enum Grade { ACCEPTABLE, INTERESTING, FORBIDDEN }
