package ptlab.viz;

import ptlab.race.Grade;

import java.awt.Color;

/**
 * One fixed colour per grade, shared by every picture so that red means forbidden everywhere: a
 * strong colour for bars and marks, a light tint for table cells.
 */
public final class GradeColors {
    private GradeColors() {}

    public static Color bar(Grade g) {
        return switch (g) {
            case ACCEPTABLE -> new Color(0x4e9a4e);
            case INTERESTING -> new Color(0xe0a030);
            case FORBIDDEN -> new Color(0xc83737);
        };
    }

    public static Color tint(Grade g) {
        return switch (g) {
            case ACCEPTABLE -> new Color(0xe6f4e6);
            case INTERESTING -> new Color(0xfff4d6);
            case FORBIDDEN -> new Color(0xfbdada);
        };
    }

    /** "#c83737" */
    public static String hex(Color c) {
        return String.format("#%06x", c.getRGB() & 0xffffff);
    }
}
