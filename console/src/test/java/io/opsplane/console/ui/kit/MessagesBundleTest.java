package io.opsplane.console.ui.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundle has a Korean twin with the same keys, and each Korean text takes the same data
 * ({@code {0}}, {@code {1}}, …) as its English one: a missing key shows as the key, a missing
 * placeholder drops a count or a name. Apostrophes are doubled, as MessageFormat wants.
 */
class MessagesBundleTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

    /** The English bundles (base names); the console's pages, the notifications it sends, what rules write. */
    static Stream<String> bundles() {
        return Stream.of("messages", "io/opsplane/alerting/notify/notifications", "io/opsplane/alerting/rule/rules");
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void koreanHasEveryEnglishKeyAndNoOther(String bundle) throws IOException {
        Map<String, String> english = load(bundle + ".properties");
        Map<String, String> korean = load(bundle + "_ko.properties");
        assertThat(english).isNotEmpty();
        assertThat(korean.keySet()).as("keys of %s_ko", bundle).containsExactlyInAnyOrderElementsOf(english.keySet());
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void eachTranslationTakesTheSameData(String bundle) throws IOException {
        Map<String, String> english = load(bundle + ".properties");
        Map<String, String> korean = load(bundle + "_ko.properties");
        english.forEach((key, text) -> {
            if (korean.containsKey(key)) {
                assertThat(placeholders(korean.get(key))).as("placeholders of %s in %s_ko", key, bundle)
                        .isEqualTo(placeholders(text));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void apostrophesAreDoubled(String bundle) throws IOException {
        for (String file : new String[] {bundle + ".properties", bundle + "_ko.properties"}) {
            // '{' and '}' are MessageFormat's quoted braces
            load(file).forEach((key, text) -> assertThat(LONE_APOSTROPHE.matcher(text.replace("'{'", "")
                            .replace("'}'", "")).find())
                    .as("a lone apostrophe in %s of %s (MessageFormat would drop it and what follows)", key, file)
                    .isFalse());
        }
    }

    @org.junit.jupiter.api.Test
    void aKoreanPageGetsKoreanAndAnyOtherLanguageEnglish() {
        assertThat(Messages.format(Locale.KOREAN, "menu.sagas")).isEqualTo("사가");
        assertThat(Messages.format(Locale.forLanguageTag("ko-KR"), "user.signOut")).isEqualTo("로그아웃");
        assertThat(Messages.format(Locale.GERMAN, "menu.sagas")).isEqualTo("Sagas");
        assertThat(Messages.format(Locale.ENGLISH, "no.such.key")).isEqualTo("no.such.key");
    }

    /** Work for a Korean page on a thread of its own (no current UI there) is worded in Korean, and only that work. */
    @org.junit.jupiter.api.Test
    void workOffThePageThreadSpeaksThePagesLanguage() throws InterruptedException {
        String[] worded = new String[2];
        Thread reader = Thread.ofVirtual().start(() -> {
            worded[0] = Messages.speaking(Locale.KOREAN, () -> Messages.t("sagaTraces.title"));
            worded[1] = Messages.t("sagaTraces.title");
        });
        reader.join();
        assertThat(worded).containsExactly("트레이스", "Traces");
    }

    /** A chart's word with a placeholder keeps it for the chart's script to fill. */
    @org.junit.jupiter.api.Test
    void aWordWithoutItsValueKeepsThePlaceholder() {
        assertThat(Messages.format(Locale.KOREAN, "traces.chart.spans")).isEqualTo("스팬 {0}개");
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static Map<String, String> load(String resource) throws IOException {
        try (InputStream in = MessagesBundleTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                Properties properties = new Properties();
                properties.load(reader);
                Map<String, String> map = new TreeMap<>();
                properties.forEach((k, v) -> map.put((String) k, (String) v));
                return map;
            }
        }
    }
}
