package dev.jrun.network;

/**
 * An IPv4 network in CIDR form ({@code 10.90.0.0/24}), as {@code --subnet} and a CNI IPAM range give it.
 *
 * @param address the network address, host bits zero
 * @param prefix the prefix length, 8 to 30 (a bridge needs room for a gateway and containers)
 */
public record Subnet(int address, int prefix) {
    public Subnet {
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException(render(address) + "/" + prefix + ": the prefix must be 8 to 30");
        }
        if ((address & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException(render(address) + "/" + prefix + ": host bits are set (the network is "
                    + render(address & mask(prefix)) + "/" + prefix + ")");
        }
    }

    /** @throws IllegalArgumentException naming {@code value} */
    public static Subnet parse(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("[0-9]{1,2}") || !IpAddresses.isLiteral(parts[0])
                || parts[0].contains(":")) {
            throw new IllegalArgumentException(value + ": not an IPv4 subnet (e.g. 10.90.1.0/24)");
        }
        int address = 0;
        for (String octet : parts[0].split("\\.")) {
            address = address << 8 | Integer.parseInt(octet);
        }
        return new Subnet(address, Integer.parseInt(parts[1]));
    }

    /** The first address: the bridge's own, the containers' gateway. */
    public String gateway() {
        return render(address + 1);
    }

    public boolean overlaps(Subnet other) {
        int shorter = mask(Math.min(prefix, other.prefix));
        return (address & shorter) == (other.address & shorter);
    }

    /** The {@code n}th /24 of this network (a /16 or wider one), e.g. 10.90.3.0/24. */
    Subnet slash24(int n) {
        return new Subnet(address + (n << 8), 24);
    }

    @Override
    public String toString() {
        return render(address) + "/" + prefix;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static String render(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }
}
