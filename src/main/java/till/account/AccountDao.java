package till.account;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** SQL for accounts, terminals and the ledger. */
@RegisterConstructorMapper(Account.class)
@RegisterConstructorMapper(Bpt.class)
public interface AccountDao {
    @SqlUpdate("INSERT INTO account (id, name, fee_ppm, balance_msat, created_at) VALUES (:id, :name, :feePpm, 0, :now)")
    void insertAccount(@Bind("id") String id, @Bind("name") String name, @Bind("feePpm") int feePpm, @Bind("now") Instant now);

    @SqlQuery("SELECT id, name, fee_ppm, balance_msat FROM account WHERE id = :id")
    Optional<Account> findAccount(@Bind("id") String id);

    @SqlQuery("SELECT id, name, fee_ppm, balance_msat FROM account ORDER BY created_at, id")
    List<Account> listAccounts();

    @SqlUpdate("INSERT INTO bpt (id, account_id, name, split_bitcoin_percentage, currency, lightning_name, webhook_url, "
            + "webhook_secret, created_at) VALUES (:id, :accountId, :name, :splitBitcoinPercentage, :currency, "
            + ":lightningName, :webhookUrl, :webhookSecret, :now)")
    void insertBpt(@BindMethods Bpt bpt, @Bind("now") Instant now);

    @SqlQuery("SELECT id, account_id, name, split_bitcoin_percentage, currency, lightning_name, webhook_url, webhook_secret FROM bpt WHERE id = :id")
    Optional<Bpt> findBpt(@Bind("id") String id);

    /** The terminal with this Lightning address; {@code lightningName} in lower case, as stored. */
    @SqlQuery("SELECT id, account_id, name, split_bitcoin_percentage, currency, lightning_name, webhook_url, webhook_secret FROM bpt "
            + "WHERE lightning_name = :lightningName")
    Optional<Bpt> findBptByLightningName(@Bind("lightningName") String lightningName);

    /** The terminal, its row locked until the transaction ends. */
    @SqlQuery("SELECT id, account_id, name, split_bitcoin_percentage, currency, lightning_name, webhook_url, webhook_secret FROM bpt WHERE id = :id FOR UPDATE")
    Optional<Bpt> lockBpt(@Bind("id") String id);

    @SqlUpdate("UPDATE bpt SET name = :name, split_bitcoin_percentage = :splitBitcoinPercentage, currency = :currency, "
            + "lightning_name = :lightningName, webhook_url = :webhookUrl, webhook_secret = :webhookSecret WHERE id = :id")
    void updateBpt(@BindMethods Bpt bpt);

    @SqlQuery("SELECT id, account_id, name, split_bitcoin_percentage, currency, lightning_name, webhook_url, webhook_secret FROM bpt WHERE account_id = :accountId ORDER BY created_at, id")
    List<Bpt> listBpts(@Bind("accountId") String accountId);

    @SqlBatch("UPDATE account SET balance_msat = balance_msat + :amount WHERE id = :accountId")
    void addToBalances(@Bind("accountId") Collection<String> accountIds, @Bind("amount") Collection<Long> amountsMsat);

    /** Takes {@code amount} from the balance only if the balance covers it; 1 when it did. */
    @SqlUpdate("UPDATE account SET balance_msat = balance_msat - :amount WHERE id = :accountId AND balance_msat >= :amount")
    int takeFromBalance(@Bind("accountId") String accountId, @Bind("amount") long amountMsat);

    @SqlBatch("INSERT INTO ledger (account_id, kind, amount_msat, transaction_id, created_at) "
            + "VALUES (:accountId, :kind, :amountMsat, :reference, :now)")
    void insertLedgerEntries(@BindMethods Collection<LedgerEntry> entries, @Bind("kind") String kind, @Bind("now") Instant now);

    @SqlQuery("SELECT COALESCE(SUM(amount_msat), 0) FROM ledger WHERE account_id = :accountId")
    long ledgerSum(@Bind("accountId") String accountId);
}
