package till.dashboard.operator;

import java.util.function.Function;

/** Reads the operator's new-account form as the API reads {@code POST /accounts}: the same limits, the same sentences. */
public interface AccountForm {
    /** A new account's name, and its processing fee (null: the configured default). */
    record NewAccount(String name, Integer feePpm) {}

    /**
     * @param form a field's value by its name, null when absent
     * @throws till.error.Problem a field is missing or outside its limits; the message says which and why
     */
    NewAccount read(Function<String, String> form);
}
