package dev.jrun.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds system call numbers written outside the per-architecture tables ({@link Arch},
 * {@link SyscallTable}): any {@code syscall(...)} whose first argument is a number, a
 * {@code LibC.syscall(...)} whose number is neither an {@link Arch.Numbers} accessor
 * ({@code NR.pivot_root()}, {@code Arch.current().numbers().bpf()}) nor a table look-up
 * ({@code table.number("mount")}), and a constant named as a number
 * ({@code __NR_x}, {@code NR_x}, {@code SYS_x}) given a literal. Comments and string literals are not code
 * and are not read.
 */
final class SyscallNumberLiterals {
    /** A call, whether of the C library's (group 1), and its first argument up to a comma or the end (group 2). */
    private static final Pattern SYSCALL = Pattern.compile("(\\bLibC\\s*\\.\\s*)?\\bsyscall\\s*\\(\\s*([^,;]*)");
    /** A number, perhaps negative or cast: {@code 155}, {@code 0x9b}, {@code (long) 155}. */
    private static final Pattern LITERAL = Pattern.compile("(?:\\(\\s*\\w+\\s*\\)\\s*)?-?\\s*\\d");
    private static final Pattern FROM_TABLE = Pattern.compile(
            "(?:[\\w.()]*\\.)?(?:(?:NR|numbers\\(\\))\\.\\w+\\(\\)|number\\(\\s+\\))"); // number("x"), its string blanked
    /** Comments, text blocks, strings and chars: the earliest start wins, so a "//" in a string stays a string. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "//[^\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\n])*\"|'(?:\\\\.|[^'\\\\\n])*'",
            Pattern.DOTALL);
    private static final Pattern NAMED_NUMBER = Pattern.compile("\\b(?:__NR_|NR_|SYS_)\\w+\\s*=\\s*-?\\d");

    private SyscallNumberLiterals() {}

    /** One {@code file:line: code} per offence in {@code source}. */
    static List<String> offenders(String file, String source) {
        String code = codeOnly(source);
        String[] lines = source.split("\n", -1);
        List<String> found = new ArrayList<>();
        Matcher call = SYSCALL.matcher(code);
        while (call.find()) {
            String number = call.group(2).strip();
            boolean ofLibC = call.group(1) != null;
            if (LITERAL.matcher(number).lookingAt() || ofLibC && !FROM_TABLE.matcher(number).lookingAt()) {
                found.add(where(file, lines, code, call.start()));
            }
        }
        Matcher named = NAMED_NUMBER.matcher(code);
        while (named.find()) {
            found.add(where(file, lines, code, named.start()));
        }
        return found;
    }

    private static String where(String file, String[] lines, String code, int offset) {
        int line = (int) code.substring(0, offset).chars().filter(c -> c == '\n').count();
        return file + ":" + (line + 1) + ": " + lines[line].strip();
    }

    /** {@code source} with comments and string and char literals blanked, offsets and lines kept. */
    static String codeOnly(String source) {
        return NOT_CODE.matcher(source).replaceAll(m -> Matcher.quoteReplacement(m.group().replaceAll("[^\n]", " ")));
    }
}
