package till.lnurl;

/**
 * LUD-06's answer to the first request: where to ask for the invoice ({@code callback}), how much may be paid (msat),
 * what for ({@code metadata}, a JSON array as a string, hashed into the invoice exactly as sent) and, LUD-12, how long
 * a comment may be.
 */
public record PayRequest(String callback, long minSendable, long maxSendable, String metadata, String tag,
                         int commentAllowed) {
    static final String TAG = "payRequest";
}
