package dev.qbank.ratelimit;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The address a request is limited by. The TCP peer, unless the peer is one of our trusted proxies: then the
 * forwarding headers are read from the right (the hop nearest to us) and the first address that is not a trusted proxy
 * is the client. Only the one header our proxy sets is read ({@code X-Forwarded-For} by default, or {@code Forwarded}
 * of RFC 7239): a proxy that sets one passes the other on as the client sent it, so believing both would let a
 * client pick its own address. Headers from anyone else are ignored, or a client could pick a fresh address, and a
 * fresh quota, per request.
 * <p>
 * An IPv6 client is limited by its /64: one host is commonly given a whole /64 and could otherwise rotate through it.
 */
public final class ClientAddresses {

    private record Block(byte[] network, int prefixLength) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = prefixLength;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((address[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The forwarding header the trusted proxies set. */
    public enum Header {
        X_FORWARDED_FOR,
        FORWARDED
    }

    private final List<Block> trusted;
    private final Header header;

    /** Behind proxies that set {@code X-Forwarded-For}. */
    public ClientAddresses(List<String> trustedProxies) {
        this(trustedProxies, Header.X_FORWARDED_FOR);
    }

    public ClientAddresses(List<String> trustedProxies, Header header) {
        this.header = header;
        List<Block> blocks = new ArrayList<>();
        for (String cidr : trustedProxies) {
            if (!cidr.isBlank()) {
                blocks.add(block(cidr.trim()));
            }
        }
        this.trusted = List.copyOf(blocks);
    }

    /**
     * @param peer    the TCP peer's address
     * @param headers the request's headers by name (all values of one header), read only when the peer is trusted
     * @return the partition: an IPv4 address, an IPv6 /64 ({@code 2001:db8:1:2::/64}), or the peer as given when it
     *         is not an IP address (e.g. a Unix socket)
     */
    public String resolve(String peer, Function<String, List<String>> headers) {
        if (trusted.isEmpty() && peer != null && NetUtil.isValidIpV4Address(peer)) {
            return peer; // the common case, without parsing and printing the address again
        }
        byte[] peerBytes = parse(peer);
        if (peerBytes == null) {
            return peer == null ? "unknown" : peer;
        }
        byte[] client = peerBytes;
        if (!trusted.isEmpty() && isTrusted(peerBytes)) {
            List<String> hops = header == Header.FORWARDED
                    ? forwardedFor(orEmpty(headers.apply("Forwarded")))
                    : xForwardedFor(orEmpty(headers.apply("X-Forwarded-For")));
            for (int i = hops.size() - 1; i >= 0; i--) {
                byte[] hop = parse(hops.get(i));
                if (hop == null) {
                    break; // "unknown", an obfuscated name or garbage: the proxy that sent it is the last we know
                }
                client = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return partition(client);
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    boolean isTrusted(byte[] address) {
        for (Block block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> xForwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        if (headers != null) {
            for (String header : headers) {
                for (String hop : header.split(",")) {
                    hops.add(hop.trim());
                }
            }
        }
        return hops;
    }

    /** The {@code for=} of each element of Forwarded (RFC 7239 section 4), in order. */
    private static List<String> forwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String element : header.split(",")) {
                String node = "unknown";
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0
                            && pair.substring(0, eq)
                                    .trim()
                                    .toLowerCase(Locale.ROOT)
                                    .equals("for")) {
                        node = pair.substring(eq + 1).trim();
                    }
                }
                hops.add(node);
            }
        }
        return hops;
    }

    /**
     * An IP literal (IPv4, IPv6, bracketed IPv6, either with a port, quoted or not) as bytes; null for anything else.
     * Never resolves a name.
     */
    static byte[] parse(String value) {
        if (value == null) {
            return null;
        }
        String s = value.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                return null;
            }
            s = s.substring(1, end);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // IPv4 with a port
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(s);
        if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
            return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static String partition(byte[] address) {
        if (address.length == 4) {
            return NetUtil.bytesToIpAddress(address);
        }
        byte[] network = address.clone();
        for (int i = 8; i < 16; i++) {
            network[i] = 0;
        }
        try {
            return NetUtil.toAddressString(InetAddress.getByAddress(network)) + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong length
        }
    }

    private static Block block(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] network = parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException(
                    "qbank.rate-limit.trusted-proxies: '" + cidr + "' is not an IP address or CIDR block");
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException(
                        "qbank.rate-limit.trusted-proxies: '" + cidr + "' has an invalid prefix length");
            }
        }
        return new Block(network, prefix);
    }
}
