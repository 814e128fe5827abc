package io.opsplane.support.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** What the author of a hand-written file reads when a field is wrong: the file, the line and what to change. */
class YamlNodesTest {

    private final YamlNodes<IllegalArgumentException> yaml = new YamlNodes<>("rules.yml", IllegalArgumentException::new);

    private static Node parse(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
    }

    @Test
    void fieldsAreReadTrimmedAndMissingOnesAreNamedAtTheirOwnersLine() {
        Node root = parse("name: ' stuck-payments '\nkind: stuck\n");
        Map<String, NodeTuple> fields = yaml.fields(root, "a rule", "name", "kind", "for");

        assertThat(yaml.requiredText(fields, root, "name")).isEqualTo("stuck-payments");
        assertThat(yaml.optionalText(fields, "for")).isNull();
        assertThatThrownBy(() -> yaml.requiredText(fields, root, "for"))
                .hasMessage("rules.yml:1: missing required field 'for'");
    }

    @Test
    void aMisspeltDuplicatedOrEmptyFieldIsAProblemAtItsLine() {
        assertThatThrownBy(() -> yaml.fields(parse("name: a\nknd: stuck\n"), "a rule", "name", "kind"))
                .hasMessage("rules.yml:2: unknown field 'knd' in a rule (allowed: name, kind)");
        assertThatThrownBy(() -> yaml.fields(parse("name: a\n\nname: b\n"), "a rule"))
                .hasMessage("rules.yml:3: field 'name' appears twice");
        Node root = parse("name: a\nkind: ''\n");
        assertThatThrownBy(() -> yaml.requiredText(yaml.fields(root, "a rule"), root, "kind"))
                .hasMessage("rules.yml:2: kind must be a non-empty value");
        assertThatThrownBy(() -> yaml.fields(parse("- a\n- b\n"), "a rule"))
                .hasMessage("rules.yml:1: a rule must be a mapping of fields");
    }
}
