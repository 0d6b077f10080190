package dev.jrun.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals given on the command line, checked without any name lookup. */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {}

    /**
     * {@code value} if it is an IPv4 or IPv6 literal.
     *
     * @param flag names the value in the error, e.g. {@code --dns 1.2.3}
     * @throws IllegalArgumentException "FLAG: not an IP address"
     */
    public static String literal(String flag, String value) {
        if (!isLiteral(value)) {
            throw new IllegalArgumentException(flag + ": not an IP address");
        }
        return value;
    }

    static boolean isLiteral(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(value); // a string with a colon is parsed as a literal, never looked up
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether {@code address} is on the loopback network (127.0.0.0/8 or ::1): another namespace's own lo. */
    static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1");
    }
}
