package io.opsplane.console.testing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.vaadin.browserless.SpringBrowserlessTest;
import io.opsplane.console.OpsplaneApplication;
import io.opsplane.console.ui.shell.OverviewPanel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A test of the console's views on the server side, without a browser: the whole application, its pages opened
 * through Vaadin's browserless testing, and its database to write what the pages are to show. Each subclass runs
 * with {@link ViewTestSettings}, on a database of its own.
 */
@SpringBootTest(classes = OpsplaneApplication.class)
@ContextCustomizerFactories(ViewTestSettings.Factory.class)
public abstract class BrowserlessViewTest extends SpringBrowserlessTest {

    @Autowired
    protected JdbcTemplate db;
    /** The overview's panels, for tests that load and render one directly. */
    @Autowired
    protected List<OverviewPanel<?>> panels;

    /**
     * Where the routes are: every view test opens the console's views. In place of {@code @ViewPackages}, which
     * Vaadin reads from the test class itself and so every subclass would repeat.
     */
    @Override
    protected Set<String> scanPackages() {
        return new HashSet<>(Set.of("io.opsplane.console.ui"));
    }
}
