package dev.qbank.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSRF guard itself, with the private-target escape hatch off (as in production). No DNS is needed: literals only. */
class WebhookTargetsTest {

    @Test
    void internalAddressesAreRefused() {
        for (String url : List.of(
                "http://127.0.0.1/hook",
                "http://127.8.9.10:8080/",
                "http://localhost/hook",
                "http://[::1]/",
                "http://10.0.0.5/",
                "http://172.16.3.4/",
                "http://172.31.255.255/",
                "http://192.168.1.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]/",
                "http://[fe80::1]/",
                "http://[fc00::1]/",
                "http://224.0.0.1/",
                "http://0.0.0.0/",
                "http://[::]/",
                "http://100.64.0.1/",
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:169.254.169.254]/",
                "http://[64:ff9b::a9fe:a9fe]/",
                "http://[2002:a9fe:a9fe::1]/",
                "http://255.255.255.255/",
                "http://198.18.0.1/",
                "http://2130706433/",
                "http://0x7f000001/")) {
            WebhookTargets.Refused refused =
                    assertThrows(WebhookTargets.Refused.class, () -> WebhookTargets.vet(url, false), url);
            org.junit.jupiter.api.Assertions.assertTrue(
                    refused.getMessage().startsWith("must not target")
                            || refused.getMessage().contains("does not resolve"),
                    url + ": " + refused.getMessage());
        }
    }

    @Test
    void onlyHttpAndHttpsUrlsWithAHostAndNoCredentialsAreAccepted() {
        for (String url : List.of(
                "ftp://93.184.216.34/",
                "file:///etc/passwd",
                "gopher://93.184.216.34/",
                "http:///nohost",
                "http://user:pass@93.184.216.34/",
                "not a url",
                "",
                "http://93.184.216.34/#fragment")) {
            assertThrows(WebhookTargets.Refused.class, () -> WebhookTargets.vet(url, false), url);
        }
    }

    @Test
    void aPublicAddressIsAcceptedAndConnectedToAsVetted() throws Exception {
        WebhookTargets.Target target = WebhookTargets.vet("https://93.184.216.34/hooks?x=1", false);
        assertEquals("93.184.216.34", target.address().getHostAddress());
        assertEquals(443, target.port());
        assertEquals("/hooks?x=1", target.requestUri());
        WebhookTargets.Target v6 = WebhookTargets.vet("http://[2606:2800:220:1:248:1893:25c8:1946]:8080/", false);
        assertEquals(8080, v6.port());
    }

    @Test
    void theEscapeHatchForLocalDevelopmentLetsLoopbackThrough() throws Exception {
        assertEquals(
                "127.0.0.1",
                WebhookTargets.vet("http://127.0.0.1:8081/hook", true).address().getHostAddress());
    }
}
