package till.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command's {@code --name value} options and positional arguments, checked against the options it knows. */
final class Options {
    private final Map<String, String> values;
    private final List<String> positional;
    private final boolean help;

    private Options(Map<String, String> values, List<String> positional, boolean help) {
        this.values = values;
        this.positional = positional;
        this.help = help;
    }

    static Options parse(List<String> args, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                if (!known.contains(name)) {
                    throw CliException.usage("unknown option " + arg + " (try --help)");
                }
                if (i + 1 >= args.size()) {
                    throw CliException.usage(arg + " needs a value");
                }
                values.put(name, args.get(++i));
            } else {
                positional.add(arg);
            }
        }
        return new Options(values, positional, help);
    }

    boolean help() {
        return help;
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw CliException.usage("--" + name + " is required (try --help)");
        }
        return value.trim();
    }

    String optional(String name) {
        return values.get(name);
    }

    /** A whole number in a range, or {@code fallback} when the option is absent. */
    Integer intIn(String name, int min, int max, Integer fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the range
        }
        throw CliException.usage("--" + name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }

    /** The one positional argument (such as a FILE). */
    String single(String what) {
        if (positional.size() != 1) {
            throw CliException.usage("expected exactly one " + what + " (try --help)");
        }
        return positional.get(0);
    }

    void noPositional() {
        if (!positional.isEmpty()) {
            throw CliException.usage("unexpected argument '" + positional.get(0) + "' (try --help)");
        }
    }
}
