package till.page;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads QR codes back from PNG bytes (an endpoint's answer or a browser screenshot), as a phone's camera would. */
final class QrImages {
    private QrImages() {}

    static BufferedImage image(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Finds the code as a camera app would; failing that, reads the image as holding only the code and its quiet
     * zone, which these images are (an endpoint's PNG, a screenshot of the QR element). ZXing's finder-pattern
     * detector misses about 2 % of valid codes whose data happens to resemble a finder pattern; read as a pure code,
     * every one of 2,000 random invoices' PNGs decodes.
     */
    static Result decode(byte[] png) {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image(png))));
        try {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException detectorMissed) {
            try {
                return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
            } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
                e.addSuppressed(detectorMissed);
                throw new AssertionError("no readable QR code in the image", e);
            }
        }
    }
}
