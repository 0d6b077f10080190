package dev.jrun.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks one of the images an archive holds by the tag {@link ImageSelection#tag()} gives. A tag
 * matches a reference ({@code busybox:1.36}, {@code docker.io/library/busybox:1.36}) as docker
 * compares names, or names only its tag part ({@code 1.36}). OCI layouts may also name images by a
 * bare tag ({@code latest}), which only that same tag matches.
 */
final class Tags {

    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String OFFICIAL = DEFAULT_DOMAIN + "/library/";

    private Tags() {
    }

    /** An image of an archive and the references it goes by, maybe none. */
    record Tagged<T>(List<String> references, T image) {

        Tagged {
            references = List.copyOf(references);
        }
    }

    /** The image a tag picked, and the reference that matched it (else its first; null if it has none). */
    record Picked<T>(T image, String reference) {
    }

    static <T> Picked<T> pick(Path source, List<Tagged<T>> images, String tag) throws ImageException {
        if (tag == null) {
            if (images.size() > 1) {
                throw ImageException.image(source, "holds " + images.size()
                        + " images, pick one with IMAGE.tar:TAG or --tag: " + list(images));
            }
            Tagged<T> only = images.get(0);
            return new Picked<>(only.image(), only.references().isEmpty() ? null : only.references().get(0));
        }
        List<Picked<T>> matches = new ArrayList<>();
        for (Tagged<T> image : images) {
            image.references().stream().filter(reference -> matches(tag, reference)).findFirst()
                    .ifPresent(reference -> matches.add(new Picked<>(image.image(), reference)));
        }
        if (matches.isEmpty()) {
            throw ImageException.image(source, "has no image tagged " + tag + " (it has " + list(images) + ")");
        }
        if (matches.size() > 1) {
            throw ImageException.image(source, "tag " + tag + " matches " + matches.size() + " images ("
                    + matches.stream().map(m -> familiar(m.reference())).collect(Collectors.joining(", "))
                    + "), pick one by its full name");
        }
        return matches.get(0);
    }

    /** What {@link Image#name()} calls the image {@code reference} picked from {@code source}. */
    static String name(Path source, String reference) {
        String file = source.getFileName().toString();
        return reference == null ? file : isBareTag(reference) ? file + ":" + reference : familiar(reference);
    }

    static boolean matches(String tag, String reference) {
        if (isBareTag(reference)) {
            return tag.equals(reference);
        }
        return normalize(tag).equals(normalize(reference)) || isBareTag(tag) && tag.equals(tagOf(reference));
    }

    /** The short form docker shows: {@code docker.io/library/busybox:latest} is {@code busybox:latest}. */
    static String familiar(String reference) {
        if (isBareTag(reference)) {
            return reference;
        }
        String full = normalize(reference);
        return full.startsWith(OFFICIAL) ? full.substring(OFFICIAL.length())
                : full.startsWith(DEFAULT_DOMAIN + "/") ? full.substring(DEFAULT_DOMAIN.length() + 1) : full;
    }

    /** Each image's references, in familiar form, leaving out a bare tag the image also has a full name for. */
    private static String list(List<? extends Tagged<?>> images) {
        List<String> names = new ArrayList<>();
        for (Tagged<?> image : images) {
            Set<String> own = new LinkedHashSet<>();
            for (String reference : image.references()) {
                if (!isBareTag(reference) || image.references().stream()
                        .noneMatch(other -> !isBareTag(other) && reference.equals(tagOf(other)))) {
                    own.add(familiar(reference));
                }
            }
            names.addAll(own.isEmpty() ? List.of("<untagged>") : own);
        }
        return String.join(", ", names);
    }

    /** A tag alone: no repository, so no '/' or ':' (nor '@' of a digest reference). */
    private static boolean isBareTag(String reference) {
        return reference.indexOf('/') < 0 && reference.indexOf(':') < 0 && reference.indexOf('@') < 0;
    }

    /** The tag part of a full reference, "latest" if it names none, null for a digest reference. */
    private static String tagOf(String reference) {
        if (reference.indexOf('@') >= 0) {
            return null;
        }
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : "latest";
    }

    /** Docker's full form: a domain ({@code docker.io}, with {@code library/} for one-part names) and a tag. */
    private static String normalize(String reference) {
        String domain = DEFAULT_DOMAIN;
        String path = reference;
        int slash = reference.indexOf('/');
        if (slash >= 0) {
            String first = reference.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                domain = first.equals("index.docker.io") ? DEFAULT_DOMAIN : first;
                path = reference.substring(slash + 1);
            }
        }
        if (domain.equals(DEFAULT_DOMAIN) && path.indexOf('/') < 0) {
            path = "library/" + path;
        }
        boolean tagged = path.lastIndexOf(':') > path.lastIndexOf('/');
        return domain + "/" + (tagged || path.contains("@") ? path : path + ":latest");
    }
}
