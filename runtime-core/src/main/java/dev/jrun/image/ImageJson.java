package dev.jrun.image;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads the JSON documents of image archives (manifests, indexes, configs) with the package's one
 * mapper: unknown keys are ignored, digests are validated as they are read, and every error is one
 * line naming the document and the field.
 */
final class ImageJson {

    /** Image JSON is small; the cap keeps a hostile archive from filling the heap with one document. */
    static final int MAX_BYTES = 8 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("jrun-image").addDeserializer(Digest.class, new DigestDeserializer()))
            .build();

    private ImageJson() {
    }

    /** Reads and parses {@code file}, which messages call {@code what}. */
    static <T> T read(Path source, String what, FileRange file, Class<T> type) throws ImageException {
        return parse(source, what, bytes(source, what, file), type);
    }

    static byte[] bytes(Path source, String what, FileRange file) throws ImageException {
        if (file.length() > MAX_BYTES) {
            throw ImageException.image(source, what + " has " + file.length() + " bytes, more than the "
                    + MAX_BYTES + " a JSON document of an image may have");
        }
        try (InputStream in = file.open()) {
            byte[] bytes = in.readNBytes((int) file.length());
            if (bytes.length < file.length()) {
                throw ImageException.image(source, what + " is cut short (the archive is truncated)");
            }
            return bytes;
        } catch (IOException e) {
            throw ImageException.image(source, "cannot read " + what, e);
        }
    }

    static <T> T parse(Path source, String what, byte[] json, Class<T> type) throws ImageException {
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw ImageException.image(source, what + ": " + describe(e));
        } catch (IOException e) {
            throw ImageException.image(source, "cannot read " + what, e);
        }
        if (value == null) {
            throw ImageException.image(source, what + ": is null");
        }
        return value;
    }

    static Digest sha256(byte[] bytes) {
        var hasher = Digest.hasher("sha256");
        hasher.update(bytes);
        return Digest.sha256(hasher);
    }

    /** {@code field.path: problem}, or {@code not valid JSON at line L, column C: problem}, on one line. */
    private static String describe(JsonProcessingException e) {
        // Jackson wraps a syntax error met inside a field with that field's path; the syntax is what is wrong.
        if (e.getCause() instanceof StreamReadException syntax) {
            return describe(syntax);
        }
        if (e instanceof StreamReadException syntax) {
            JsonLocation at = syntax.getLocation();
            String problem = oneLine(syntax.getOriginalMessage());
            int marker = problem.indexOf(" (start marker at");
            return "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + (marker < 0 ? problem : problem.substring(0, marker));
        }
        // A record constructor's own check says best what is wrong; Jackson only wraps it.
        String problem = oneLine(e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage() : e.getOriginalMessage());
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return problem;
        }
        String path = mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return (path.startsWith(".") ? path.substring(1) : path) + ": " + problem;
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s+", " ").strip();
    }

    /** Parses digests where they are read, so an ill-formed one never gets further. */
    private static final class DigestDeserializer extends StdDeserializer<Digest> {

        DigestDeserializer() {
            super(Digest.class);
        }

        @Override
        public Digest deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Digest) context.handleUnexpectedToken(Digest.class, parser);
            }
            try {
                return Digest.parse(parser.getText());
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(parser, e.getMessage(), e);
            }
        }
    }
}
