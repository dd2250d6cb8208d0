package ptlab.kernel.display;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RendererRegistryTest {
    private final RendererRegistry registry = RendererRegistry.load(getClass().getClassLoader());

    @Test
    void serviceFileBringsThePngRendererForImages() {
        MimeBundle b = registry.render(new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB));
        assertNotNull(b.get(MimeBundle.PNG));
        assertEquals("BufferedImage 5x3", b.get(MimeBundle.TEXT));
        assertEquals(java.util.Map.of("width", 5, "height", 3), b.metadata().get(MimeBundle.PNG));
    }

    @Test
    void mostSpecificTypeWinsAndInterfacesComeLast() {
        registry.register(CharSequence.class, s -> MimeBundle.text("chars"));
        registry.register(Object.class, o -> MimeBundle.text("object"));
        assertEquals("object", registry.render("s").get(MimeBundle.TEXT), "a superclass beats an interface");
        registry.register(String.class, s -> MimeBundle.text("string"));
        assertEquals("string", registry.render("s").get(MimeBundle.TEXT));
        RendererRegistry interfacesOnly = new RendererRegistry();
        interfacesOnly.register(CharSequence.class, s -> MimeBundle.text("chars"));
        assertEquals("chars", interfacesOnly.render(new StringBuilder("x")).get(MimeBundle.TEXT));
    }

    @Test
    void unknownTypesFallBackToToStringAndArraysAreReadable() {
        assertEquals("[1, 2]", registry.render(List.of(1, 2)).get(MimeBundle.TEXT));
        assertEquals("[[1, 2], [3]]", registry.render(new int[][] {{1, 2}, {3}}).get(MimeBundle.TEXT));
    }

    @Test
    void requestedTypesFilterTheBundleAndAStringCanBeHtml() {
        MimeBundle b = registry.render("<b>x</b>", MimeBundle.HTML);
        assertEquals("<b>x</b>", b.get(MimeBundle.HTML));
        assertEquals(java.util.Set.of(MimeBundle.HTML, MimeBundle.TEXT), b.data().keySet());
    }

    @Test
    void registeringNothingIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> registry.register(null, o -> null));
    }

    @Test
    void htmlEscapingCoversMarkupCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Html.escape("<a href=\"x\">&'"));
    }
}
