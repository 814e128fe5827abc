package io.opsplane.alerting.notify;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import io.opsplane.alerting.config.AlertingProperties;
import org.junit.jupiter.api.Test;

class UrlGuardTest {

    /** A name service with fixed answers, as a DNS server under someone else's control could give. */
    private static final Map<String, String> DNS = Map.of("hooks.example.com", "203.0.113.10",
            "rebound.example.com", "169.254.169.254", "v6.example.com", "fe80::1", "imds.example.com", "fd00:ec2::254");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[]{InetAddress.getByName(address)};
    }

    @Test
    void aNameResolvingToALinkLocalOrMetadataAddressIsRefusedEvenUnderAWildcard() {
        UrlGuard guard = new UrlGuard(List.of("*.example.com"), UrlGuardTest::resolve);
        assertThatCode(() -> guard.check(URI.create("https://hooks.example.com/alerts"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check(URI.create("https://rebound.example.com/x")))
                .hasMessageContaining("resolves to 169.254.169.254, a link-local or cloud metadata address");
        assertThatThrownBy(() -> guard.check(URI.create("https://v6.example.com/x"))).hasMessageContaining("fe80:");
        assertThatThrownBy(() -> guard.check(URI.create("https://imds.example.com/x"))).hasMessageContaining("link-local");
    }

    @Test
    void anExactlyListedNameIsStillRefusedWhenItResolvesToTheMetadataAddress() {
        UrlGuard guard = new UrlGuard(List.of("rebound.example.com", "metadata.google.internal"), UrlGuardTest::resolve);
        assertThatThrownBy(() -> guard.check(URI.create("https://rebound.example.com/x")))
                .hasMessageContaining("resolves to 169.254.169.254, a link-local or cloud metadata address");
        UrlGuard metadata = new UrlGuard(List.of("metadata.google.internal"), host -> new InetAddress[]{
                InetAddress.getByName("169.254.169.254")});
        assertThatThrownBy(() -> metadata.check(URI.create("http://metadata.google.internal/computeMetadata/v1/")))
                .hasMessageContaining("link-local");
    }

    @Test
    void literalsAndMetadataNamesAreRefusedUnlessListedExactly() {
        UrlGuard any = new UrlGuard(List.of("*"), UrlGuardTest::resolve);
        assertThatThrownBy(() -> any.checkStatically(URI.create("http://169.254.169.254/latest")))
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> any.checkStatically(URI.create("http://[fe80::1%25eth0]/x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> any.checkStatically(URI.create("http://[::ffff:169.254.169.254]/x")))
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> any.checkStatically(URI.create("http://metadata.google.internal/")))
                .hasMessageContaining("cloud metadata service");
        UrlGuard listed = new UrlGuard(List.of("169.254.10.5"), UrlGuardTest::resolve);
        assertThatCode(() -> listed.check(URI.create("http://169.254.10.5:8080/hook"))).doesNotThrowAnyException();
    }

    @Test
    void onlyListedHostsAndHttpSchemes() {
        UrlGuard guard = new UrlGuard(List.of("hooks.slack.com"), UrlGuardTest::resolve);
        assertThatThrownBy(() -> guard.checkStatically(URI.create("https://hooks.example.com/x")))
                .hasMessageContaining("not in opsplane.alerting.allowed-hosts");
        assertThatThrownBy(() -> guard.checkStatically(URI.create("file:///etc/passwd")))
                .hasMessageContaining("'file' URLs are not sent to");
        assertThatThrownBy(() -> guard.check(URI.create("https://hooks.slack.com.evil.test/x")))
                .hasMessageContaining("not in opsplane.alerting.allowed-hosts");
    }

    @Test
    void aReceiverNeverPrintsItsCredentials() {
        AlertingProperties.Receiver receiver = new AlertingProperties.Receiver("pd",
                AlertingProperties.ReceiverType.PAGERDUTY, "https://hooks.slack.com/services/T0/B0/tokentoken",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "routing-key-123", java.time.Duration.ofSeconds(5), 0);
        org.assertj.core.api.Assertions.assertThat(receiver.toString())
                .doesNotContain("MfKQ9r8G", "routing-key-123", "tokentoken");
    }
}
