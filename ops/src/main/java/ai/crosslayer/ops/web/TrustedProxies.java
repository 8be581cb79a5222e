package ai.crosslayer.ops.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code Forwarded}/{@code X-Forwarded-*} headers are believed. From anyone else
 * those headers are stripped, so a client cannot claim to have come over HTTPS or from another address.
 */
public final class TrustedProxies {

    // Literals only: a host name here would mean a DNS lookup on every request, and trust in DNS.
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Parses a comma-separated list already checked by {@link #isAddressOrCidr}. */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return new TrustedProxies(List.of());
        }
        return new TrustedProxies(java.util.Arrays.stream(list.split(","))
                .map(String::trim).map(Block::parse).toList());
    }

    public static boolean isAddressOrCidr(String value) {
        try {
            Block.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean trusts(InetAddress address) {
        return address != null && blocks.stream().anyMatch(block -> block.contains(address));
    }

    private record Block(byte[] network, int prefix) {

        static Block parse(String value) {
            String[] parts = value.split("/", -1);
            if (parts.length > 2 || !IP_LITERAL.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(value);
            }
            byte[] network;
            try {
                network = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(value, e);
            }
            int prefix = network.length * 8;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(value, e);
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException(value);
                }
            }
            return new Block(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[whole] & mask) == (network[whole] & mask);
        }
    }
}
