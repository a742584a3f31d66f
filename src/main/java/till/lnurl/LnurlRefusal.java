package till.lnurl;

/**
 * A refused LNURL-pay request: answered as LUD-06 asks, {@code {"status": "ERROR", "reason": …}}, which a wallet
 * shows its user; {@code httpStatus} for clients that look at it. Nothing was written.
 */
public final class LnurlRefusal extends RuntimeException {
    private final int httpStatus;

    public LnurlRefusal(int httpStatus, String reason) {
        super(reason, null, false, false);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String reason() {
        return getMessage();
    }
}
