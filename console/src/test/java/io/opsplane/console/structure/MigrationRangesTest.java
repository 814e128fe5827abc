package io.opsplane.console.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The console and the alerting library write one Flyway history, so each owns ranges of versions (documented in
 * both modules' READMEs): alerting V10–V19; the console V1–V9 and V20–V39. A migration outside its module's
 * range could take a number the other module needs.
 */
class MigrationRangesTest {

    private static final Pattern VERSION = Pattern.compile("V(\\d+)(?:_\\d+)*__.+\\.sql");
    private static final Pattern CALLBACK = Pattern.compile("(before|after)[A-Za-z]*__.+\\.sql");

    @Test
    void eachModulesMigrationsStayInItsRange() throws IOException {
        List<String> alerting = new ArrayList<>();
        List<String> console = new ArrayList<>();
        for (Resource migration : new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/*.sql")) {
            String location = migration.getURL().toString();
            if (CALLBACK.matcher(migration.getFilename()).matches()) {
                // Flyway callbacks (afterMigrate__…) run on every migration and take no version
                continue;
            }
            Matcher name = VERSION.matcher(migration.getFilename());
            assertThat(name.matches()).as("a versioned migration name: " + location).isTrue();
            int major = Integer.parseInt(name.group(1));
            if (location.contains("/alerting/") || location.contains("opsplane-alerting")) {
                assertThat(major).as(location + " is the alerting module's: V10–V19").isBetween(10, 19);
                alerting.add(migration.getFilename());
            } else {
                assertThat(major).as(location + " is the console's: V1–V9 or V20–V39")
                        .matches(v -> v <= 9 || (v >= 20 && v <= 39));
                console.add(migration.getFilename());
            }
        }
        assertThat(alerting).as("the alerting module's migrations were found").isNotEmpty();
        assertThat(console).as("the console's migrations were found").isNotEmpty();
    }
}
