package dev.jrun.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a bundle's config.json. Unknown fields are ignored, as the runtime-spec asks; a field of the
 * wrong type or value is an error that names its JSON path ({@code process.user.uid},
 * {@code mounts[2].destination}), checked before anything is made ({@link OciSpecCheck}).
 */
public final class OciSpecReader {
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .build();

    private OciSpecReader() {}

    /** {@code bundle/config.json}, read and checked. */
    public static OciSpec read(Path bundle) throws OciSpecException {
        Path config = bundle.resolve("config.json");
        String text;
        try {
            text = Files.readString(config);
        } catch (NoSuchFileException e) {
            throw new OciSpecException(config + ": no such file (a bundle holds config.json and its rootfs)", e);
        } catch (IOException e) {
            throw new OciSpecException(config + ": " + e.getMessage(), e);
        }
        return parse(config.toString(), text);
    }

    /** {@code text} as config.json, read and checked; {@code source} names it in errors. */
    public static OciSpec parse(String source, String text) throws OciSpecException {
        OciSpec spec = readValue(source, text, OciSpec.class);
        OciSpecCheck.check(source, spec);
        return spec;
    }

    /**
     * A process as {@code exec --process FILE} takes it (config.json's {@code process} object alone),
     * its errors naming the field ({@code args}, {@code user.uid}).
     */
    public static OciProcess readProcess(Path file) throws OciSpecException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new OciSpecException(file + ": " + e.getMessage(), e);
        }
        return readValue(file.toString(), text, OciProcess.class);
    }

    private static <T> T readValue(String source, String text, Class<T> type) throws OciSpecException {
        T value;
        try {
            value = JSON.readValue(text, type);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw new OciSpecException(source + ": " + path(e.getPath()) + ": expected " + kind(e.getTargetType())
                    + ", got " + given(e.getOriginalMessage()), e);
        } catch (JsonMappingException e) {
            throw new OciSpecException(source + ": " + path(e.getPath()) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new OciSpecException(source + ": not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")", e);
        }
        if (value == null) {
            throw new OciSpecException(source + ": empty");
        }
        return value;
    }

    /** What a field of {@code type} holds, in JSON's words. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        } else if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "an integer";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (type == String.class) {
            return "a string";
        } else if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** What was there instead, from Jackson's message ({@code from String "x"}, {@code from Object value}). */
    private static String given(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("from (\\w+)(?: value)?(?: \\(token [^)]*\\))?"
                + "(?: (\"[^\"]*\"))?").matcher(message);
        if (!m.find()) {
            return "something else (" + message + ")";
        }
        String what = switch (m.group(1)) {
            case "String" -> "a string";
            case "Object" -> "an object";
            case "Array" -> "an array";
            case "Boolean" -> "true or false";
            case "Integer", "Floating", "Number" -> "a number";
            default -> m.group(1);
        };
        return m.group(2) != null ? what + " " + m.group(2) : what;
    }

    /** {@code process.user.uid}, {@code mounts[2].destination}: where Jackson was when it failed. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }
}
