package dev.jrun.oci;

/** A config.json jrun cannot use: the message names the JSON path and what is wrong there. */
public final class OciSpecException extends Exception {
    public OciSpecException(String message) {
        super(message);
    }

    public OciSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
