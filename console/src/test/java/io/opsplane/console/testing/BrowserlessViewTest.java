package io.opsplane.console.testing;

import java.util.List;

import com.vaadin.browserless.SpringBrowserlessTest;
import io.opsplane.console.OpsplaneApplication;
import io.opsplane.console.ui.shell.OverviewPanel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A test of the console's views on the server side, without a browser: the whole application, its pages opened
 * through Vaadin's browserless testing, and its database to write what the pages are to show. A subclass names
 * its settings ({@link ViewTestSettings}, in a {@code @DynamicPropertySource} of its own, so each has its own
 * database) and keeps {@code @ViewPackages(packages = "io.opsplane.console.ui")}, which is read from the test
 * class itself.
 */
@SpringBootTest(classes = OpsplaneApplication.class)
public abstract class BrowserlessViewTest extends SpringBrowserlessTest {

    @Autowired
    protected JdbcTemplate db;
    /** The overview's panels, for tests that load and render one directly. */
    @Autowired
    protected List<OverviewPanel<?>> panels;
}
