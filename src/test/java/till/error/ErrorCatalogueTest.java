package till.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalogue is the one place a code is spelled, and each code means one thing. */
class ErrorCatalogueTest {
    private static final Path SOURCES = Path.of("src/main/java");
    /** The simulated node answers its own control API (/simulator/...) with codes of its own. */
    private static final Path SIMULATOR = SOURCES.resolve("till/node/sim");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"([a-z0-9_]+)\"");

    @Test
    void codesAreUniqueSnakeCaseWithAnErrorStatusAndASentence() {
        Set<String> seen = new HashSet<>();
        for (ErrorCode error : ErrorCode.values()) {
            assertTrue(seen.add(error.code()), "two entries send " + error.code());
            assertTrue(error.code().matches("[a-z0-9]+(_[a-z0-9]+)*"), error.code());
            assertTrue(error.status() >= 400 && error.status() < 600, error + " " + error.status());
            assertFalse(error.text().isBlank(), error.toString());
        }
    }

    @Test
    void noCodeIsSpelledOutsideTheCatalogue() throws IOException {
        Set<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
        List<String> strays = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.startsWith(SIMULATOR) && !file.endsWith("till/error/ErrorCode.java"))
                    .forEach(file -> {
                        Matcher literal = STRING_LITERAL.matcher(read(file));
                        while (literal.find()) {
                            if (codes.contains(literal.group(1))) {
                                strays.add(SOURCES.relativize(file) + ": " + literal.group());
                            }
                        }
                    });
        }
        assertEquals(List.of(), strays, "error codes spelled outside till.error.ErrorCode");
    }

    @Test
    void aStatusAloneGivesACodeOfThatStatus() {
        for (int status : new int[] {400, 401, 404, 405, 413, 414, 415, 429, 431}) {
            ErrorCode error = ErrorCode.forStatus(status);
            assertTrue(error.status() == status || error == ErrorCode.BAD_REQUEST, status + " -> " + error);
        }
        assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.forStatus(503));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
