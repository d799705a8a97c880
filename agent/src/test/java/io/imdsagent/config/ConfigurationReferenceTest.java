package io.imdsagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testing.ForkedJvm;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference (the table under "Configuration reference") against the code: the
 * same keys both ways; for an option with a fixed set of values, exactly the values the code accepts; every
 * value the table shows is accepted; and each default the table names is the one the code applies.
 */
class ConfigurationReferenceTest {
    private static final Pattern QUOTED = Pattern.compile("`([^`]*)`");
    /** key to its row's cells: values, default. */
    private static Map<String, List<String>> rows;

    @BeforeAll
    static void readTheReadme() throws IOException {
        List<String> lines = Files.readAllLines(ForkedJvm.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf("### Configuration reference");
        assertTrue(start >= 0, "README.md has no '### Configuration reference'");
        rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(start, lines.size())) {
            if (line.startsWith("| `")) {
                inTable = true;
                String[] cells = line.substring(1, line.length() - 1).split(" \\| ");
                rows.put(unquoted(cells[0].trim()), List.of(cells[1].trim(), cells[2].trim()));
            } else if (inTable) {
                break;
            }
        }
    }

    @Test
    void theTableHasEveryKeyOfTheCodeAndNoOther() {
        Set<String> code = Stream.of(Option.values()).map(Option::key).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(code, new TreeSet<>(rows.keySet()));
    }

    @Test
    void anOptionWithFixedValuesListsExactlyTheValuesTheCodeAccepts() throws Exception {
        int fixed = 0;
        for (Option option : Option.values()) {
            Class<? extends Enum<?>> choices = choices(option);
            if (choices != null) {
                fixed++;
                Set<String> accepted = Stream.of(choices.getEnumConstants()).map(Option::spelling)
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(accepted, quoted(rows.get(option.key()).get(0)), option.key());
            }
        }
        assertEquals(4, fixed, "imdsv1, self-assume, log and jmx have fixed values");
    }

    @Test
    void everyValueTheTableShowsIsAccepted() throws ConfigException {
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            for (String value : quoted(row.getValue().get(0))) {
                AgentConfig.load(row.getKey() + "=" + value, Map.of(), Map.of());
            }
        }
    }

    @Test
    void eachDefaultIsTheOneTheCodeApplies() throws ConfigException {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String setting : AgentConfig.load(null, Map.of(), Map.of()).toString().split(", ")) {
            defaults.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        for (Option option : Option.values()) {
            String cell = rows.get(option.key()).get(1);
            String applied = defaults.get(option.key());
            // A default that depends on an AWS setting ends with what applies when that is unset: "else 3".
            boolean named = quoted(cell).contains(applied) || cell.equals(applied) || cell.endsWith("else " + applied)
                    || cell.endsWith("else `" + applied + "`");
            assertTrue(named, option.key() + ": the README says '" + cell + "', the code applies " + applied);
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Enum<?>> choices(Option option) {
        String getter = Stream.of(option.key().split("-"))
                .map(part -> part.equals(option.key().split("-")[0]) ? part
                        : Character.toUpperCase(part.charAt(0)) + part.substring(1))
                .collect(Collectors.joining());
        for (Method method : AgentConfig.class.getMethods()) {
            if (method.getName().equals(getter) && method.getParameterCount() == 0 && method.getReturnType().isEnum()) {
                return (Class<? extends Enum<?>>) method.getReturnType();
            }
        }
        return null;
    }

    private static Set<String> quoted(String cell) {
        Set<String> values = new TreeSet<>();
        Matcher matcher = QUOTED.matcher(cell);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }

    private static String unquoted(String cell) {
        return cell.replace("`", "");
    }
}
