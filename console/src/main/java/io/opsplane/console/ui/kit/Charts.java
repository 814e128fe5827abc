package io.opsplane.console.ui.kit;

import java.util.Map;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * ECharts from its WebJar (a plain script, no frontend build): a chart element and the script that
 * draws it once the library has loaded, in the page's light or dark theme, resized with its box.
 */
public final class Charts {

    static final String ECHARTS = "context://webjars/echarts/5.5.0/echarts.min.js";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Charts() {
    }

    /** An empty object for a chart's data, which the page fills and {@link #chart} hands to its script. */
    public static ObjectNode data() {
        return JSON.createObjectNode();
    }

    /**
     * A chart drawn by {@code options}: the body of a JavaScript function of {@code data} (the JSON given),
     * {@code dark}, {@code html}, {@code plain}, {@code words} and {@code fill} (see below) that returns ECharts options; {@code onClick}, when not null,
     * the body of a function of {@code params} and {@code data} run on a click. {@code description} is what a
     * screen reader reads.
     *
     * <p>Names in the data come from telemetry and events, which anyone sending them controls. ECharts puts a
     * tooltip formatter's result into the page as HTML, so formatters pass every such name through
     * {@code html(text)}; labels drawn on the chart parse {@code {style|text}} as rich text, so label formatters
     * pass names through {@code plain(text)}, which shows them as they are.
     */
    public static Div chart(String id, String description, JsonNode data, String options, String onClick) {
        return chart(id, description, data, Map.of(), options, onClick);
    }

    /**
     * {@link #chart(String, String, JsonNode, String, String)} with {@code words}: the chart's own texts (legend
     * entries, axis names, tooltip phrases), already in the page's language, given to {@code options} as
     * {@code words.name}. A word with a placeholder ({@code "{0} spans"}) is filled in with {@code fill(word, value)},
     * which puts the value in as it is: a formatter still passes names through {@code html}.
     */
    public static Div chart(String id, String description, JsonNode data, Map<String, String> words, String options,
                            String onClick) {
        Div chart = new Div();
        chart.addClassName("opsplane-chart");
        chart.setId(id);
        chart.getElement().setAttribute("role", "img");
        chart.getElement().setAttribute("aria-label", description);
        UI.getCurrent().getPage().addJavaScript(ECHARTS);
        chart.getElement().executeJs("""
                const element = this;
                const data = JSON.parse($0);
                const words = JSON.parse($3);
                const fill = (word, ...values) => values.reduce((text, value, i) => text.split('{' + i + '}').join(value), word);
                const options = new Function('data', 'dark', 'html', 'plain', 'words', 'fill', $1);
                const html = (text) => String(text).replace(/[&<>"'`]/g, (c) => '&#' + c.charCodeAt(0) + ';');
                // a zero-width space after each brace keeps ECharts from reading "{style|text}" as markup
                const plain = (text) => String(text).replace(/[{}]/g, (c) => c + '\\u200b');
                const onClick = $2 ? new Function('params', 'data', $2) : null;
                const draw = (attempt) => {
                  if (!window.echarts) {
                    if (attempt < 100) { setTimeout(() => draw(attempt + 1), 100); }
                    return;
                  }
                  const dark = document.documentElement.getAttribute('theme') === 'dark';
                  const previous = echarts.getInstanceByDom(element);
                  if (previous) { previous.dispose(); }
                  const chart = echarts.init(element, dark ? 'dark' : null, { renderer: 'svg' });
                  chart.setOption(options(data, dark, html, plain, words, fill));
                  if (onClick) { chart.on('click', (params) => onClick(params, data)); }
                  new ResizeObserver(() => chart.resize()).observe(element);
                };
                draw(0);""", data.toString(), options, onClick == null ? "" : onClick, JSON.writeValueAsString(words));
        return chart;
    }
}
