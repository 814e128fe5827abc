package io.opsplane.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import io.opsplane.alerting.config.AlertingProperties;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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

    /** Why the guard refuses {@code url}, its name looked up as for a delivery. */
    private static String refusal(UrlGuard guard, String url) {
        return messageOf(() -> guard.check(URI.create(url)));
    }

    /** Why the guard refuses {@code url} from the address alone, before any lookup. */
    private static String staticRefusal(UrlGuard guard, String url) {
        return messageOf(() -> guard.checkStatically(URI.create(url)));
    }

    private static String messageOf(ThrowingCallable refused) {
        Throwable thrown = catchThrowable(refused);
        assertThat(thrown).as("refused").isNotNull();
        return thrown.getMessage();
    }

    @Test
    void aNameResolvingToALinkLocalOrMetadataAddressIsRefusedEvenUnderAWildcard() {
        UrlGuard guard = new UrlGuard(List.of("*.example.com"), UrlGuardTest::resolve);
        assertThatCode(() -> guard.check(URI.create("https://hooks.example.com/alerts"))).doesNotThrowAnyException();
        assertThat(refusal(guard, "https://rebound.example.com/x"))
                .contains("resolves to 169.254.169.254, a link-local or cloud metadata address");
        assertThat(refusal(guard, "https://v6.example.com/x")).contains("fe80:");
        assertThat(refusal(guard, "https://imds.example.com/x")).contains("link-local");
    }

    @Test
    void anExactlyListedNameIsStillRefusedWhenItResolvesToTheMetadataAddress() {
        UrlGuard guard = new UrlGuard(List.of("rebound.example.com", "metadata.google.internal"), UrlGuardTest::resolve);
        assertThat(refusal(guard, "https://rebound.example.com/x"))
                .contains("resolves to 169.254.169.254, a link-local or cloud metadata address");
        UrlGuard metadata = new UrlGuard(List.of("metadata.google.internal"), host -> new InetAddress[]{
                InetAddress.getByName("169.254.169.254")});
        assertThat(refusal(metadata, "http://metadata.google.internal/computeMetadata/v1/")).contains("link-local");
    }

    @Test
    void literalsAndMetadataNamesAreRefusedUnlessListedExactly() {
        UrlGuard any = new UrlGuard(List.of("*"), UrlGuardTest::resolve);
        assertThat(staticRefusal(any, "http://169.254.169.254/latest")).contains("link-local");
        assertThatThrownBy(() -> any.checkStatically(URI.create("http://[fe80::1%25eth0]/x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(staticRefusal(any, "http://[::ffff:169.254.169.254]/x")).contains("link-local");
        assertThat(staticRefusal(any, "http://metadata.google.internal/")).contains("cloud metadata service");
        UrlGuard listed = new UrlGuard(List.of("169.254.10.5"), UrlGuardTest::resolve);
        assertThatCode(() -> listed.check(URI.create("http://169.254.10.5:8080/hook"))).doesNotThrowAnyException();
    }

    @Test
    void onlyListedHostsAndHttpSchemes() {
        UrlGuard guard = new UrlGuard(List.of("hooks.slack.com"), UrlGuardTest::resolve);
        assertThat(staticRefusal(guard, "https://hooks.example.com/x"))
                .contains("not in opsplane.alerting.allowed-hosts");
        assertThat(staticRefusal(guard, "file:///etc/passwd")).contains("'file' URLs are not sent to");
        assertThat(refusal(guard, "https://hooks.slack.com.evil.test/x"))
                .contains("not in opsplane.alerting.allowed-hosts");
    }

    @Test
    void aReceiverNeverPrintsItsCredentials() {
        AlertingProperties.Receiver receiver = new AlertingProperties.Receiver("pd",
                AlertingProperties.ReceiverType.PAGERDUTY, "https://hooks.slack.com/services/T0/B0/tokentoken",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "routing-key-123", java.time.Duration.ofSeconds(5), 0);
        assertThat(receiver.toString()).doesNotContain("MfKQ9r8G", "routing-key-123", "tokentoken");
    }
}
