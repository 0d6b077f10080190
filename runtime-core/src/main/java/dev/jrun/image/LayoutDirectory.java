package dev.jrun.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** The files of an OCI layout kept as a directory. */
final class LayoutDirectory implements ArchiveFiles {

    private final Path root;
    private final Path realRoot;

    LayoutDirectory(Path root) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
    }

    @Override
    public Path source() {
        return root;
    }

    @Override
    public FileRange find(String name) throws ImageException {
        Path file = root.resolve(name);
        try {
            if (!Files.exists(file)) {
                return null;
            }
            Path real = file.toRealPath();
            // jrun runs as root: a blob linked out of the layout must not read host files.
            if (!real.startsWith(realRoot)) {
                throw ImageException.image(root, name + " leads outside the layout");
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw ImageException.image(root, name + " is not a regular file");
            }
            return new FileRange(real, 0, attributes.size());
        } catch (IOException e) {
            throw ImageException.image(root, "cannot read " + name, e);
        }
    }
}
