package till.account;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import till.error.ErrorCode;
import till.error.Problem;
import till.store.Ids;
import till.store.UniqueViolation;

/** Accounts, their terminals, their keys and their balances. */
public final class AccountService {
    /** A new terminal's split when none is given: all in bitcoin. */
    public static final int DEFAULT_SPLIT = 100;

    private final Jdbi jdbi;
    private final Clock clock;
    private final int defaultFeePpm;
    private final Map<String, Integer> feeRates = new ConcurrentHashMap<>();
    private final ApiKeys keys;

    public AccountService(Jdbi jdbi, Clock clock, int defaultFeePpm) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.defaultFeePpm = defaultFeePpm;
        this.keys = new ApiKeys(jdbi, clock);
    }

    /** Creates an account with its first key, a full key; {@code feePpm} null means the configured default. */
    public CreatedAccount createAccount(String name, Integer feePpm) {
        String id = Ids.next();
        int fee = feePpm == null ? defaultFeePpm : feePpm;
        String apiKey = jdbi.inTransaction(handle -> {
            handle.attach(AccountDao.class).insertAccount(id, name, fee, clock.instant());
            return keys.insert(handle, id, KeyKind.full, null).apiKey();
        });
        return new CreatedAccount(id, name, fee, 0, apiKey);
    }

    /** The accounts' API keys. */
    public ApiKeys keys() {
        return keys;
    }

    /** The account, read inside the caller's database transaction. */
    public Optional<Account> findAccount(Handle handle, String id) {
        return handle.attach(AccountDao.class).findAccount(id);
    }

    public Optional<Account> findAccount(String id) {
        return jdbi.withExtension(AccountDao.class, dao -> dao.findAccount(id));
    }

    public List<Account> listAccounts() {
        return jdbi.withExtension(AccountDao.class, AccountDao::listAccounts);
    }

    /** A new terminal with {@code settings} (a new terminal's: a name given); all in bitcoin when they set no split. */
    public Bpt createBpt(String accountId, BptChange settings) {
        return insert(new Bpt(newBptId(), accountId, settings.name(), settings.splitBitcoinPercentage() == null
                ? DEFAULT_SPLIT : settings.splitBitcoinPercentage(), settings.currency(), settings.lightningName(),
                settings.webhookUrl(), settings.webhookSecret()));
    }

    /**
     * {@code currency}: the ISO 4217 code its POS keypad types amounts in, checked already; null for satoshis. No
     * Lightning address, no webhook.
     */
    public Bpt createBpt(String accountId, String name, int splitBitcoinPercentage, String currency) {
        return insert(new Bpt(newBptId(), accountId, name, splitBitcoinPercentage, currency, null, null, null));
    }

    /** 192 random bits: the id alone lets anyone create invoices for this account. */
    private static String newBptId() {
        return Secrets.random(24);
    }

    private Bpt insert(Bpt bpt) {
        return refusingTakenName(() -> {
            jdbi.useExtension(AccountDao.class, dao -> dao.insertBpt(bpt, clock.instant()));
            return bpt;
        });
    }

    /** The terminal whose Lightning address has this local part, in any case. */
    public Optional<Bpt> findBptByLightningName(String name) {
        return jdbi.withExtension(AccountDao.class,
                dao -> dao.findBptByLightningName(name.toLowerCase(Locale.ROOT)));
    }

    /** Runs a write of a terminal; another terminal's Lightning address (the unique index says so) is a 409. */
    private static <T> T refusingTakenName(Supplier<T> write) {
        try {
            return write.get();
        } catch (StatementException e) {
            if (UniqueViolation.is(e)) {
                throw Problem.at(ErrorCode.LIGHTNING_ADDRESS_TAKEN, "lightningAddress");
            }
            throw e;
        }
    }

    /**
     * Read from the database each time, never cached: a terminal's name, split and currency change, and every Till
     * process sharing the database must use the new ones from the next invoice on.
     */
    public Optional<Bpt> findBpt(String id) {
        return jdbi.withExtension(AccountDao.class, dao -> dao.findBpt(id));
    }

    /**
     * Changes one of the account's terminals, applied to it as stored under a row lock, so concurrent changes of
     * different settings all stay; invoices made before keep the split they were made with. Empty when the account
     * has no such terminal: another account's terminal looks missing.
     */
    public Optional<Bpt> updateBpt(String accountId, String bptId, BptChange change) {
        return refusingTakenName(() -> jdbi.inTransaction(handle -> {
            AccountDao dao = handle.attach(AccountDao.class);
            Optional<Bpt> changed = dao.lockBpt(bptId).filter(bpt -> bpt.accountId().equals(accountId)).map(change::applyTo);
            changed.ifPresent(dao::updateBpt);
            return changed;
        }));
    }

    public List<Bpt> listBpts(String accountId) {
        return jdbi.withExtension(AccountDao.class, dao -> dao.listBpts(accountId));
    }

    /**
     * The processing fee the operator keeps from an amount the account received. The account's rate never changes
     * once it is made, so it is read from the database once.
     */
    public long feeFor(Handle handle, String accountId, long receivedMsat) {
        Integer feePpm = feeRates.get(accountId);
        if (feePpm == null) {
            feePpm = findAccount(handle, accountId).orElseThrow().feePpm();
            feeRates.put(accountId, feePpm);
        }
        return ProcessingFee.of(receivedMsat, feePpm);
    }

    /** Credits received payments inside the caller's database transaction: ledger rows and cached balances together. */
    public void credit(Handle handle, List<LedgerEntry> credits) {
        add(handle, LedgerKind.CREDIT, credits);
    }

    /** Credits unmatched payments (money for invoices already paid) inside the caller's database transaction. */
    public void creditUnmatched(Handle handle, List<LedgerEntry> credits) {
        add(handle, LedgerKind.UNMATCHED_PAYMENT, credits);
    }

    /**
     * Takes {@code amountMsat} from the balance inside the caller's database transaction, for the payment
     * {@code paymentId}: a reservation before the node pays, or the debit of an internal payment. False, and
     * nothing written, when the balance does not cover it: the update is conditional, so concurrent payments
     * cannot overdraw the account between a check and a debit (the CHECK constraint is the last line).
     */
    public boolean take(Handle handle, String accountId, LedgerKind kind, long amountMsat, String paymentId) {
        AccountDao dao = handle.attach(AccountDao.class);
        try {
            if (dao.takeFromBalance(accountId, amountMsat) == 0) {
                return false;
            }
        } catch (UnableToExecuteStatementException e) {
            if (isCheckViolation(e)) {
                return false;
            }
            throw e;
        }
        dao.insertLedgerEntries(List.of(new LedgerEntry(accountId, -amountMsat, paymentId)), kind.stored(),
                clock.instant());
        return true;
    }

    /** Gives back the unused part of a payment's reservation, inside the caller's database transaction. */
    public void release(Handle handle, String accountId, long amountMsat, String paymentId) {
        add(handle, LedgerKind.RELEASE, List.of(new LedgerEntry(accountId, amountMsat, paymentId)));
    }

    /** A ledger row per entry, and one balance update per account (in id order, so concurrent writers cannot deadlock). */
    private void add(Handle handle, LedgerKind kind, List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        AccountDao dao = handle.attach(AccountDao.class);
        dao.insertLedgerEntries(entries, kind.stored(), clock.instant());
        Map<String, Long> byAccount = new TreeMap<>();
        entries.forEach(entry -> byAccount.merge(entry.accountId(), entry.amountMsat(), Long::sum));
        dao.addToBalances(byAccount.keySet(), byAccount.values());
    }

    private static boolean isCheckViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException sql && "23513".equals(sql.getSQLState());
    }

    /** The sum of an account's ledger, which the cached balance must always equal. */
    public long ledgerSum(String accountId) {
        return jdbi.withExtension(AccountDao.class, dao -> dao.ledgerSum(accountId));
    }
}
