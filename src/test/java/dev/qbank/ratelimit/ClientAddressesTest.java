package dev.qbank.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private final ClientAddresses noProxies = new ClientAddresses(List.of());
    private static final List<String> PROXIES = List.of("10.0.0.0/8", "2001:db8:ffff::/48", "192.0.2.1");
    /** Behind proxies that set X-Forwarded-For (the default). */
    private final ClientAddresses behindProxies = new ClientAddresses(PROXIES);
    /** Behind proxies configured to set Forwarded (qbank.rate-limit.forwarding-header=forwarded). */
    private final ClientAddresses behindForwardedProxies =
            new ClientAddresses(PROXIES, ClientAddresses.Header.FORWARDED);

    /** Resolves with these Forwarded and X-Forwarded-For values (null: no such header). */
    private static String resolve(
            ClientAddresses addresses, String peer, List<String> forwarded, List<String> xForwardedFor) {
        Map<String, List<String>> headers = new HashMap<>();
        if (forwarded != null) {
            headers.put("Forwarded", forwarded);
        }
        if (xForwardedFor != null) {
            headers.put("X-Forwarded-For", xForwardedFor);
        }
        return addresses.resolve(peer, name -> headers.getOrDefault(name, List.of()));
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeadersSay() {
        assertEquals(
                "203.0.113.9", resolve(noProxies, "203.0.113.9", List.of("for=198.51.100.1"), List.of("198.51.100.2")));
    }

    @Test
    void aTrustedProxyIsBelievedAboutTheAddressItForwardsFor() {
        assertEquals("198.51.100.7", resolve(behindProxies, "10.1.2.3", null, List.of("198.51.100.7")));
    }

    @Test
    void theChainIsReadFromTheRightAndStopsAtTheFirstUntrustedHop() {
        // The client made up the first entry; 203.0.113.5 reached our first proxy, which reached our second.
        assertEquals(
                "203.0.113.5", resolve(behindProxies, "10.0.0.2", null, List.of("1.2.3.4, 203.0.113.5", "10.0.0.1")));
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        assertEquals("203.0.113.9", resolve(behindProxies, "203.0.113.9", null, List.of("198.51.100.7")));
    }

    @Test
    void behindAProxyThatSetsXForwardedForAClientSentForwardedIsIgnored() {
        // The proxy appends to X-Forwarded-For and passes the client's own Forwarded header on untouched.
        assertEquals(
                "198.51.100.7",
                resolve(behindProxies, "10.1.2.3", List.of("for=203.0.113.250"), List.of("198.51.100.7")));
        assertEquals("10.1.2.3", resolve(behindProxies, "10.1.2.3", List.of("for=203.0.113.250"), null));
    }

    @Test
    void behindAProxyThatSetsForwardedItIsReadAndAClientSentXForwardedForIsIgnored() {
        assertEquals(
                "198.51.100.60",
                resolve(
                        behindForwardedProxies,
                        "192.0.2.1",
                        List.of("for=198.51.100.60;proto=https;by=10.0.0.1, for=\"10.0.0.7:4711\""),
                        List.of("1.1.1.1")));
        assertEquals(
                "2001:db8:cafe:1::/64",
                resolve(behindForwardedProxies, "192.0.2.1", List.of("For=\"[2001:db8:cafe:1::17]:4711\""), null));
        assertEquals("192.0.2.1", resolve(behindForwardedProxies, "192.0.2.1", null, List.of("1.1.1.1")));
    }

    @Test
    void anUnknownOrObfuscatedHopStopsAtTheProxyThatReportedIt() {
        assertEquals("10.0.0.1", resolve(behindForwardedProxies, "10.0.0.1", List.of("for=unknown"), null));
        assertEquals("10.0.0.1", resolve(behindForwardedProxies, "10.0.0.1", List.of("for=_hidden"), null));
        assertEquals("10.0.0.1", resolve(behindProxies, "10.0.0.1", null, List.of("not-an-address")));
    }

    @Test
    void ipv6ClientsAreLimitedPerSlash64AndMappedIpv4IsPlainIpv4() {
        assertEquals("2001:db8:1:2::/64", resolve(noProxies, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", null, null));
        assertEquals("2001:db8:1:2::/64", resolve(noProxies, "2001:db8:1:2::1", null, null));
        assertEquals("203.0.113.9", resolve(noProxies, "::ffff:203.0.113.9", null, null));
    }

    @Test
    void trustedProxyBlocksMustBeAddresses() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(List.of("proxy.example")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(List.of("10.0.0.0/33")));
    }
}
