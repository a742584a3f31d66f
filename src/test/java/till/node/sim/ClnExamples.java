package till.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The REST exchanges recorded from a real node in examples.md: the curl command, HTTP status and JSON answer. */
final class ClnExamples {
    /** One recorded exchange. {@code requestBody} is null when curl sent none; {@code jsonContentType} says if it was marked JSON. */
    record Exchange(String title, String httpMethod, String rpcMethod, String rune, boolean jsonContentType,
                    String requestBody, int status, JsonNode response) {}

    private static final Pattern BLOCK = Pattern.compile("```(json)?\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CURL = Pattern.compile("\\$ curl .*?-X (GET|POST) \\$CLN_REST_URL/v1/(\\S+)(.*)");
    private static final Pattern STATUS = Pattern.compile("HTTP (\\d{3})");
    private static final Pattern RUNE = Pattern.compile("-H [\"']Rune: ([^\"']*)[\"']");
    private static final Pattern BODY = Pattern.compile("-d '(.*)'");

    private ClnExamples() {}

    static List<Exchange> load(ObjectMapper json) throws IOException {
        String text;
        try (InputStream in = ClnExamples.class.getResourceAsStream("/cln/examples.md")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Exchange> exchanges = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        String command = null;
        String title = null;
        while (block.find()) {
            if (block.group(1) == null) {
                command = block.group(2);
                int heading = text.lastIndexOf("\n### ", block.start());
                title = heading < 0 ? "" : text.substring(heading + 5, text.indexOf('\n', heading + 5));
                continue;
            }
            Matcher curl = command == null ? null : CURL.matcher(command.lines().findFirst().orElse(""));
            Matcher status = command == null ? null : STATUS.matcher(command);
            if (curl != null && curl.find() && status.find()) {
                String options = curl.group(3);
                Matcher rune = RUNE.matcher(options);
                Matcher body = BODY.matcher(options);
                exchanges.add(new Exchange(title, curl.group(1), curl.group(2), rune.find() ? rune.group(1) : null,
                        options.contains("Content-Type: application/json"), body.find() ? body.group(1) : null,
                        Integer.parseInt(status.group(1)), json.readTree(block.group(2))));
            }
            command = null;
        }
        return exchanges;
    }
}
