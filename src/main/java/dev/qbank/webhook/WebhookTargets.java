package dev.qbank.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard: a webhook URL must be http(s) and every address its host resolves to must be a public unicast one
 * (not loopback, private, link-local, multicast, unspecified, cloud metadata, or another special-purpose range of the
 * IANA registries). It is checked when a webhook is registered and again before every delivery, and the delivery
 * connects to the address vetted then (not to a second resolution), so DNS rebinding cannot point it elsewhere.
 */
public final class WebhookTargets {

    static final int MAX_URL_LENGTH = 2048;

    /** A vetted target: where to send, and the address to connect to. */
    public record Target(URI uri, String host, int port, boolean https, InetAddress address) {

        /** Path and query, as the request line carries them. */
        public String requestUri() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** Why a URL was refused; the message is safe to show to the client. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private WebhookTargets() {}

    /** Parses the URL without resolving it: scheme, host, no credentials, no fragment. */
    public static URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a fragment");
        }
        return uri;
    }

    /**
     * Parses and resolves the URL (synchronously, with the JVM's resolver), and returns the target to connect to. The
     * service resolves through {@link WebhookResolver} instead, which bounds how long a lookup may take.
     *
     * @param allowPrivate lift the address checks (local development and tests only)
     */
    public static Target vet(String url, boolean allowPrivate) throws Refused {
        URI uri = parse(url);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bareHost(uri));
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused("has a host that does not resolve");
        }
        return check(uri, addresses, allowPrivate);
    }

    /** The URL's host as a resolver takes it: an IPv6 literal without its brackets. */
    public static String bareHost(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The target for a parsed URL whose host resolved to these addresses: refused unless every one is allowed. The
     * target carries the first, so the connection goes to an address checked here, never to a second resolution.
     *
     * @param allowPrivate lift the address checks (local development and tests only)
     */
    public static Target check(URI uri, InetAddress[] addresses, boolean allowPrivate) throws Refused {
        String host = uri.getHost();
        if (addresses == null || addresses.length == 0) {
            throw new Refused("has a host that does not resolve");
        }
        if (!allowPrivate) {
            // Every address must be public: a name that resolves to a public and a private address is refused, as
            // the connection could end up on either.
            for (InetAddress address : addresses) {
                String why = forbidden(address);
                if (why != null) {
                    throw new Refused("must not target " + why + " addresses (" + host + " resolves to "
                            + address.getHostAddress() + ")");
                }
            }
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        return new Target(uri, bareHost(uri), port, https, addresses[0]);
    }

    /** Why the address may not be a webhook target, or null when it may. */
    public static String forbidden(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local (which includes the cloud metadata service 169.254.169.254)";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return forbiddenV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return "private (unique local fc00::/7, which includes the metadata service fd00:ec2::254)";
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "private (site-local fec0::/10)";
            }
            // IPv4 embedded in IPv6: compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16 -- judged by the IPv4.
            if (allZero(b, 0, 12)) {
                return forbiddenV4(new byte[] {b[12], b[13], b[14], b[15]}) == null ? null : "IPv4-compatible private";
            }
            if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                String v4 = forbiddenV4(new byte[] {b[12], b[13], b[14], b[15]});
                return v4 == null ? null : "NAT64 " + v4;
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {
                String v4 = forbiddenV4(new byte[] {b[2], b[3], b[4], b[5]});
                return v4 == null ? null : "6to4 " + v4;
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "documentation (2001:db8::/32)";
            }
            if ((first & 0xe0) != 0x20) {
                return "non-global (outside 2000::/3)";
            }
        }
        return null;
    }

    private static String forbiddenV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 0) {
            return "unspecified (0.0.0.0/8)";
        }
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return "private";
        }
        if (a0 == 169 && a1 == 254) {
            return "link-local (which includes the cloud metadata service 169.254.169.254)";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "shared (100.64.0.0/10, carrier-grade NAT and some metadata services)";
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return "IETF protocol assignment (192.0.0.0/24)";
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2)
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return "documentation";
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return "benchmarking (198.18.0.0/15)";
        }
        if (a0 >= 224) {
            return a0 < 240
                    ? "multicast"
                    : (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255 ? "broadcast" : "reserved (240.0.0.0/4)");
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
