package ptlab.kernel.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CoalescingStreamTest {
    private final List<String> sent = new ArrayList<>();
    private final CoalescingStream stream = new CoalescingStream(sent::add);

    @Test
    void manyWritesLeaveAsOneChunk() {
        for (int i = 0; i < 1000; i++) stream.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8), 0, ("line " + i + "\n").length());
        stream.flush();
        assertEquals(1, sent.size());
        assertEquals(1000, sent.get(0).lines().count());
    }

    @Test
    void aCharacterSplitAcrossWritesIsNotBroken() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        stream.write(euro, 0, 1);
        stream.flush();
        stream.write(euro, 1, 2);
        stream.flush();
        assertEquals(List.of("€"), sent);
    }
}
