package till.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import till.config.Version;

/** Where the figures were measured: they mean little without the machine and the JVM that ran Till. */
record MachineInfo(int cores, String cpu, long memoryMb, String os, String tillJava, String benchJava,
                   String tillVersion) {

    static MachineInfo current(String java) {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(), totalMemoryMb(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), javaVersion(java),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Version.current());
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").replaceFirst("^[^:]*:\\s*", "");
    }

    private static long totalMemoryMb() {
        String total = procLine("/proc/meminfo", "MemTotal").replaceAll("\\D", "");
        return total.isEmpty() ? -1 : Long.parseLong(total) / 1024;
    }

    private static String procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The first line of {@code java -version} of the JVM that runs Till (it may not be the bench's own). */
    private static String javaVersion(String java) {
        try {
            Process process = new ProcessBuilder(java, "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            String vm = property(out, "java.vm.name");
            String version = property(out, "java.runtime.version");
            return (vm + " " + version).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String property(String settings, String name) {
        return settings.lines().map(String::trim).filter(l -> l.startsWith(name + " = ")).findFirst()
                .map(l -> l.substring(name.length() + 3)).orElse("");
    }
}
