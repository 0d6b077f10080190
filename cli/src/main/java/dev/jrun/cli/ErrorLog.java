package dev.jrun.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The global {@code --log FILE}: errors appended one per line, as runc writes them, because a runtime's
 * caller may keep its stderr (containerd's shim reports the last error of {@code log.json}).
 */
final class ErrorLog {
    /** {@code text}: {@code time="..." level=error msg="..."}; {@code json}: {@code {"level","msg","time"}}. */
    enum Format { TEXT, JSON }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorLog() {}

    /** Appends {@code message} at level error; a log that cannot be written loses only this line. */
    static void error(Path file, Format format, String message) {
        String time = Instant.now().toString();
        try {
            Files.writeString(file, line(format, message, time), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("jrun: --log " + file + ": " + e.getMessage());
        }
    }

    static String line(Format format, String message, String time) {
        if (format == Format.TEXT) {
            return "time=\"" + time + "\" level=error msg=" + quoted(message) + System.lineSeparator();
        }
        Map<String, String> record = new LinkedHashMap<>();
        record.put("level", "error");
        record.put("msg", message);
        record.put("time", time);
        try {
            return JSON.writeValueAsString(record) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a map of strings", e);
        }
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a string", e);
        }
    }
}
