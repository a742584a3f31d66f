package till.lnurl;

import java.util.List;

/** LUD-06's answer to the callback: the bolt11 ({@code pr}), no routes, and LUD-09's message shown once paid. */
public record PayInvoice(String pr, List<Object> routes, SuccessAction successAction) {
    /** LUD-09's {@code message} action: at most 144 characters. */
    public record SuccessAction(String tag, String message) {
        static SuccessAction message(String text) {
            return new SuccessAction("message", text);
        }
    }
}
