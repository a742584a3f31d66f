package till.web;

import java.util.function.Function;
import till.dashboard.operator.AccountForm;

/** The operator's new-account form read as {@code POST /accounts} reads its JSON ({@link QueryFields}: values are text). */
public final class AccountFormFields implements AccountForm {
    @Override
    public NewAccount read(Function<String, String> form) {
        return AccountRoutes.newAccount(new QueryFields(form));
    }
}
