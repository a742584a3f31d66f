package till.page;

import till.invoice.Invoice;

/**
 * OpenNode's hosted checkout options, which shops append to its address: {@code ?ln=1} opens the page on Lightning
 * rather than the unified QR code, {@code ?hf=1} hides every fiat amount. Any other value leaves the default.
 */
record CheckoutOptions(boolean lightningFirst, boolean hideFiat) {

    static CheckoutOptions of(String ln, String hf) {
        return new CheckoutOptions(on(ln), on(hf));
    }

    /** The invoice as the page shows it: without its fiat price when fiat is hidden. */
    Invoice shown(Invoice invoice) {
        return hideFiat ? invoice.withoutPrice() : invoice;
    }

    private static boolean on(String flag) {
        return "1".equals(flag) || "true".equalsIgnoreCase(flag);
    }
}
