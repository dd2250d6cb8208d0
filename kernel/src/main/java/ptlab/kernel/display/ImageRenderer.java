package ptlab.kernel.display;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

/** Images as image/png, with a text/plain that names the size and not the identity hash, so it is stable. */
public final class ImageRenderer implements Renderer<RenderedImage> {
    @Override
    public Class<RenderedImage> type() {
        return RenderedImage.class;
    }

    @Override
    public MimeBundle render(RenderedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) throw new IOException("no PNG writer for this image");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String size = image.getWidth() + "x" + image.getHeight();
        return new MimeBundle()
                .with(MimeBundle.PNG, Base64.getEncoder().encodeToString(png.toByteArray()))
                .withMetadata(MimeBundle.PNG, Map.of("width", image.getWidth(), "height", image.getHeight()))
                .with(MimeBundle.TEXT, image.getClass().getSimpleName() + " " + size);
    }
}
