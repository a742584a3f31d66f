package till.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private Jdbi jdbi;
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private GroupCommit<Integer, Integer> commits;

    @BeforeEach
    void open() {
        jdbi = Jdbi.create("jdbc:h2:mem:group-commit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbi.useHandle(h -> h.execute("CREATE TABLE item (n INT PRIMARY KEY)"));
    }

    @AfterEach
    void close() throws SQLException {
        commits.close();
        try (Handle handle = jdbi.open(); Statement statement = handle.getConnection().createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    private GroupCommit<Integer, Integer> start(Duration linger) {
        commits = new GroupCommit<>(jdbi, "test-writer", linger, (handle, items) -> {
            batchSizes.add(items.size());
            var batch = handle.prepareBatch("INSERT INTO item (n) VALUES (:n)");
            items.forEach(n -> batch.bind("n", n).add());
            batch.execute();
            return items.stream().map(n -> n * 10).toList();
        });
        return commits;
    }

    private List<Integer> stored() {
        return jdbi.withHandle(h -> h.createQuery("SELECT n FROM item ORDER BY n").mapTo(Integer.class).list());
    }

    @Test
    void everyWriteCommitsAndGetsItsOwnResult() throws Exception {
        start(Duration.ZERO);
        ExecutorService writers = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            int n = i;
            results.add(writers.submit(() -> commits.write(n)));
        }
        for (int i = 1; i <= 400; i++) {
            assertEquals(i * 10, results.get(i - 1).get());
        }
        writers.shutdown();
        assertEquals(400, stored().size());
    }

    @Test
    void aBadItemFailsAloneAndTheRestOfItsBatchCommits() {
        start(Duration.ofMillis(200));
        List<CompletableFuture<Integer>> futures = List.of(commits.submit(1), commits.submit(2), commits.submit(1),
                commits.submit(3));

        assertEquals(10, futures.get(0).join());
        assertEquals(20, futures.get(1).join());
        Exception duplicate = assertThrows(Exception.class, () -> futures.get(2).join());
        assertTrue(duplicate.getCause() instanceof UnableToExecuteStatementException, duplicate.toString());
        assertEquals(30, futures.get(3).join());
        assertEquals(List.of(1, 2, 3), stored());
    }

    @Test
    void aLingerGathersSubmissionsIntoOneCommit() {
        start(Duration.ofMillis(300));
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            futures.add(commits.submit(i));
        }
        futures.forEach(CompletableFuture::join);

        assertEquals(List.of(20), batchSizes, "twenty submissions within the linger: one batch");
    }
}
