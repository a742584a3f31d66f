package till.page;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import till.onchain.Bip21;

/** QR codes of {@code lightning:} and {@code bitcoin:} URIs, as SVG (for pages) and PNG (for anything else). */
public final class QrCodes {
    /** Four light modules around the code, as the QR standard asks, so phones find it on any background. */
    static final int QUIET_ZONE = 4;
    static final int PNG_PIXELS_PER_MODULE = 8;
    /** M survives a smudged or glossy screen and keeps a long bolt11 code scannable at phone distance. */
    static final ErrorCorrectionLevel ERROR_CORRECTION = ErrorCorrectionLevel.M;

    private QrCodes() {}

    /**
     * The text in the QR of a bolt11 or an LNURL: the whole URI uppercase, so the QR uses its alphanumeric mode (a
     * denser, easier code); bech32 and URI schemes are case-insensitive, and wallets read it as usual.
     */
    public static String content(String bech32) {
        return ("lightning:" + bech32).toUpperCase(Locale.ROOT);
    }

    /**
     * The text for a QR of a BIP21 URI: upper-cased where it may be when that gives the smaller code (a QR mixes
     * modes, so the upper-case address and bolt11 go in alphanumeric segments beside the lower-case parameter names).
     */
    static String content(Bip21 uri) {
        String upper = uri.uri(true);
        String plain = uri.uri(false);
        return matrix(upper).getWidth() <= matrix(plain).getWidth() ? upper : plain;
    }

    /**
     * One module per matrix cell, the quiet zone included. Compact: the encoder splits the text into the segments
     * (alphanumeric, byte) that make the smallest code, which only a text of mixed case needs.
     */
    static BitMatrix matrix(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.ERROR_CORRECTION,
                    ERROR_CORRECTION, EncodeHintType.MARGIN, QUIET_ZONE, EncodeHintType.QR_COMPACT, "true"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
    }

    /** An SVG that scales to any size; dark modules are merged into horizontal runs to keep it small. */
    public static String svg(String text) {
        BitMatrix matrix = matrix(text);
        int size = matrix.getWidth();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < size && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-")
                        .append(x - start).append('z');
            }
        }
        int pixels = size * PNG_PIXELS_PER_MODULE;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + pixels + "\" height=\"" + pixels
                + "\" viewBox=\"0 0 " + size + " " + size + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    static byte[] png(String text) {
        BitMatrix matrix = matrix(text);
        int size = matrix.getWidth();
        int scale = PNG_PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size * scale, size * scale);
        g.setColor(Color.BLACK);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (matrix.get(x, y)) {
                    g.fillRect(x * scale, y * scale, scale, scale);
                }
            }
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
