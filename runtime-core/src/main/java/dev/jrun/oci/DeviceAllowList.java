package dev.jrun.oci;

import dev.jrun.cgroup.DeviceRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The runtime-spec's ordered allow and deny rules folded into one allow-list, the form the engine
 * applies (everything not allowed is denied). An allow adds its devices; a deny removes whole rules
 * it covers, or narrows their access, and is refused only where it would punch a hole in an earlier
 * allow ({@code c 1:3} out of {@code c *:*}). Internally an all-types rule is a c and a b rule, so
 * one comparison handles every case; both at {@code *:* rwm} fold back into {@link DeviceRule#ALL}.
 * And back ({@link #rules}): an allow-list as deny-all followed by its allows.
 */
final class DeviceAllowList {
    private static final int RWM = DeviceRule.ALL.access();
    private static final String ALL_ACCESS = DeviceRule.ALL.accessLetters();
    private static final DeviceRule ALL_CHAR = new DeviceRule('c', DeviceRule.ANY, DeviceRule.ANY, RWM);
    private static final DeviceRule ALL_BLOCK = new DeviceRule('b', DeviceRule.ANY, DeviceRule.ANY, RWM);

    /** An allowed rule and the index of the config rule that allowed it, for the error that names both. */
    private record Allowed(DeviceRule rule, int index) {}

    private DeviceAllowList() {}

    static List<DeviceRule> of(List<OciResources.DeviceAccess> rules, String at) {
        List<Allowed> allowed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String here = at + "[" + i + "]";
            for (DeviceRule rule : typed(rules.get(i), here)) {
                if (rules.get(i).allow()) {
                    allowed.add(new Allowed(rule, i));
                } else {
                    allowed = deny(allowed, rule, here, at);
                }
            }
        }
        LinkedHashSet<DeviceRule> result = new LinkedHashSet<>();
        allowed.forEach(a -> result.add(a.rule()));
        if (result.contains(ALL_CHAR) && result.contains(ALL_BLOCK)) {
            return List.of(DeviceRule.ALL); // every other rule is within these two
        }
        return List.copyOf(result);
    }

    /**
     * {@code allowed} as the spec's rules, which {@link #of} reads back as the same list (each rule once;
     * a list holding {@link DeviceRule#ALL}, or c and b at {@code *:* rwm}, as {@code [ALL]}): deny all,
     * then allow each; null, every device ({@code --privileged}), is one allow of all.
     */
    static List<OciResources.DeviceAccess> rules(List<DeviceRule> allowed) {
        if (allowed == null) {
            return List.of(new OciResources.DeviceAccess(true, null, null, null, ALL_ACCESS));
        }
        List<OciResources.DeviceAccess> rules = new ArrayList<>();
        rules.add(new OciResources.DeviceAccess(false, null, null, null, ALL_ACCESS)); // nothing but what follows
        for (DeviceRule rule : allowed) {
            rules.add(new OciResources.DeviceAccess(true, String.valueOf(rule.type()), specNumber(rule.major()),
                    specNumber(rule.minor()), rule.accessLetters()));
        }
        return rules;
    }

    /** A major or minor as the spec writes it: left out for any. */
    private static Long specNumber(int value) {
        return value == DeviceRule.ANY ? null : (long) value;
    }

    /** {@code deny} applied to what is allowed so far. */
    private static List<Allowed> deny(List<Allowed> allowed, DeviceRule deny, String here, String at) {
        List<Allowed> left = new ArrayList<>();
        for (Allowed a : allowed) {
            DeviceRule rule = a.rule();
            if (disjoint(deny, rule)) {
                left.add(a);
            } else if (covers(deny, rule)) {
                int access = rule.access() & ~deny.access();
                if (access != 0) {
                    left.add(new Allowed(new DeviceRule(rule.type(), rule.major(), rule.minor(), access), a.index()));
                }
            } else {
                throw new IllegalArgumentException(here + ": denying " + deny + " after " + at + "[" + a.index()
                        + "] allowed " + rule + " is not supported: jrun's device list only allows (what it leaves"
                        + " out is denied), so it cannot take back part of " + rule);
            }
        }
        return left;
    }

    /** Whether no device access matches both. */
    private static boolean disjoint(DeviceRule x, DeviceRule y) {
        return x.type() != y.type() || differ(x.major(), y.major()) || differ(x.minor(), y.minor())
                || (x.access() & y.access()) == 0;
    }

    private static boolean differ(int x, int y) {
        return x != DeviceRule.ANY && y != DeviceRule.ANY && x != y;
    }

    /** Whether every device {@code inner} names is one {@code outer} names (whatever the access). */
    private static boolean covers(DeviceRule outer, DeviceRule inner) {
        return outer.type() == inner.type() && (outer.major() == DeviceRule.ANY || outer.major() == inner.major())
                && (outer.minor() == DeviceRule.ANY || outer.minor() == inner.minor());
    }

    /** One config rule as c and b rules: type a (or none) is both. */
    private static List<DeviceRule> typed(OciResources.DeviceAccess rule, String here) {
        String type = rule.type() == null ? "a" : rule.type();
        int major = number(rule.major(), here + ".major");
        int minor = number(rule.minor(), here + ".minor");
        int access = access(rule.access(), here + ".access");
        try {
            return switch (type) {
                case "a" -> List.of(new DeviceRule('c', major, minor, access), new DeviceRule('b', major, minor, access));
                case "c", "b" -> List.of(new DeviceRule(type.charAt(0), major, minor, access));
                default -> throw new IllegalArgumentException("a, b or c, not " + type);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(here + ": " + e.getMessage(), e);
        }
    }

    /** A major or minor: null (or -1) is any. */
    private static int number(Long value, String at) {
        if (value == null) {
            return DeviceRule.ANY;
        }
        if (value < DeviceRule.ANY || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(at + ": " + value + " (a device number, or left out for any)");
        }
        return value.intValue();
    }

    /** Access letters: null or empty is all three, rwm. */
    private static int access(String letters, String at) {
        if (letters == null || letters.isEmpty()) {
            return RWM;
        }
        try {
            return DeviceRule.parse("c 0:0 " + letters).access(); // DeviceRule's own parser reads the letters
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": some of r, w and m, not " + letters, e);
        }
    }
}
