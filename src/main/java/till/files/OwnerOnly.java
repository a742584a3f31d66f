package till.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and directories only their owner may use: Till's data directory holds webhook secrets, key hashes and the
 * simulated node's key. Created with owner-only permissions from the start (so no umask opens them, not even
 * briefly), and tightened when found open. On a file system without POSIX permissions nothing is changed.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {}

    /** The directory, created 0700 (its parents as usual) or, when it exists, tightened to its owner. */
    public static Path directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            tighten(dir);
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (posix(dir.toAbsolutePath().getParent())) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException raced) {
            tighten(dir);
        }
        return dir;
    }

    /** A new empty file, 0600; fails if it exists. */
    public static Path createFile(Path file) throws IOException {
        if (posix(file.toAbsolutePath().getParent())) {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    /** The file, created empty and 0600 when absent, or tightened to its owner when present. */
    public static Path file(Path file) throws IOException {
        try {
            return createFile(file);
        } catch (FileAlreadyExistsException exists) {
            tighten(file);
            return file;
        }
    }

    /** Takes every group and other permission away from an existing file or directory. */
    public static void tighten(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.removeAll(NOT_OWNER)) {
            view.setPermissions(permissions);
        }
    }

    private static boolean posix(Path dir) {
        return dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                && Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }
}
