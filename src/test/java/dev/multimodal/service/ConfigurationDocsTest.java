package dev.multimodal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.gateway.GatewayConfig;
import dev.multimodal.gateway.OipSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every setting of the configuration mappings is documented once in docs/configuration.md, with the
 * mapping's own default, and the document names no setting the mappings do not have.
 */
class ConfigurationDocsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z][\\w.<>-]*)`[^|]* \\| ([^|]*) \\|");

    @Test
    void everySettingIsDocumentedOnceWithItsDefault() throws Exception {
        Map<String, String> mapped = new TreeMap<>();
        for (Class<?> root : new Class<?>[] {MmfConfig.class, OipSettings.class, GatewayConfig.class}) {
            walk(root.getAnnotation(ConfigMapping.class).prefix(), root, mapped);
        }
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                assertTrue(documented.put(m.group(1), m.group(2).strip()) == null, m.group(1) + " is documented twice");
            }
        }
        for (Map.Entry<String, String> setting : mapped.entrySet()) {
            String doc = documented.get(setting.getKey());
            assertTrue(doc != null, setting.getKey() + " is not in docs/configuration.md");
            if (setting.getValue() != null) {
                assertTrue(
                        doc.startsWith("`" + setting.getValue() + "`"),
                        setting.getKey() + ": the mapping's default is " + setting.getValue()
                                + ", docs/configuration.md says " + doc);
            }
        }
        for (String key : documented.keySet()) {
            if (key.startsWith("mmf.") || key.startsWith("gateway.")) {
                assertTrue(
                        mapped.containsKey(key) || key.equals("mmf.runtime.no-niceness"),
                        "docs/configuration.md documents " + key + ", which no mapping has");
            }
        }
        assertEquals(
                mapped.size(),
                mapped.keySet().stream().filter(documented::containsKey).count());
    }

    /** Adds each leaf setting under {@code prefix}: its kebab-case key and its default (null when none). */
    private static void walk(String prefix, Class<?> group, Map<String, String> out) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> type = method.getReturnType();
            Type generic = method.getGenericReturnType();
            if (type == Map.class) {
                Type value = ((ParameterizedType) generic).getActualTypeArguments()[1];
                String placeholder = key.startsWith("gateway.functions") ? "<name>" : "<space>";
                if (value instanceof Class<?> c
                        && c.isInterface()
                        && c.getName().startsWith("dev.multimodal")) {
                    walk(key + "." + placeholder, c, out);
                } else {
                    out.put(key + "." + placeholder, null);
                }
            } else if (type.isInterface() && type.getName().startsWith("dev.multimodal")) {
                walk(key, type, out);
            } else {
                WithDefault d = method.getAnnotation(WithDefault.class);
                out.put(key, d == null || type == Optional.class ? null : d.value());
            }
        }
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
