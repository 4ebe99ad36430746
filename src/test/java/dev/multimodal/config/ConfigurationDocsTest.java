package dev.multimodal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multimodal.settings.Keys;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
        walk(MmfConfig.class.getAnnotation(ConfigMapping.class).prefix(), MmfConfig.class, mapped);
        Map<String, String> documented = documented();
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
            if (key.startsWith("mmf.")) {
                assertTrue(
                        mapped.containsKey(key), "docs/configuration.md documents " + key + ", which no mapping has");
            }
        }
        assertEquals(
                mapped.size(),
                mapped.keySet().stream().filter(documented::containsKey).count());
    }

    private static Map<String, String> documented() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                assertTrue(documented.put(m.group(1), m.group(2).strip()) == null, m.group(1) + " is documented twice");
            }
        }
        return documented;
    }

    /**
     * The code names settings in its refusals, logs and comments ("past mmf.text.max-texts") from
     * packages that cannot see the mapping; each such name must be one the mapping has, so a renamed
     * setting cannot leave a message pointing at a key that no longer exists.
     */
    @Test
    void everySettingTheCodeNamesExists() throws Exception {
        Map<String, String> mapped = new TreeMap<>();
        walk("mmf", MmfConfig.class, mapped);
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        // metrics' names (Timer.builder("mmf.inference.time")) and a request attribute's key are not settings
        Set<String> notSettings = new HashSet<>();
        Pattern meter = Pattern.compile("(?:builder\\(|KEY = )\"(mmf\\.[a-z.]+)\"");
        for (Path file : sources) {
            Matcher m = meter.matcher(Files.readString(file));
            while (m.find()) {
                notSettings.add(m.group(1));
            }
        }
        Pattern named = Pattern.compile("\\bmmf(\\.[a-z0-9-]+)+");
        List<String> unknown = new ArrayList<>();
        for (Path file : sources) {
            Matcher m = named.matcher(Files.readString(file));
            while (m.find()) {
                String key = m.group().replaceAll("[.-]+$", "");
                boolean known = notSettings.contains(key)
                        || mapped.containsKey(key)
                        || mapped.keySet().stream()
                                .anyMatch(k -> k.startsWith(key + ".") || matchesPlaceholder(k, key));
                if (!known) {
                    unknown.add(file.getFileName() + ": " + key);
                }
            }
        }
        assertTrue(unknown.isEmpty(), "settings named in the code that no mapping has: " + unknown);
    }

    /**
     * Every name in {@link Keys} is a setting the mapping has and docs/configuration.md documents, or
     * a group of them (a prefix such as {@code mmf.batch}), so a refusal that names one points at a
     * setting the user can find.
     */
    @Test
    void everyKeyIsASettingOfTheMappingAndTheDocs() throws Exception {
        Map<String, String> mapped = new TreeMap<>();
        walk("mmf", MmfConfig.class, mapped);
        Set<String> documented = documented().keySet();
        List<String> keys = keys();
        assertTrue(keys.size() > 40, "Keys holds " + keys.size() + " names; were they read?");
        for (String key : keys) {
            assertTrue(
                    mapped.containsKey(key) || mapped.keySet().stream().anyMatch(k -> k.startsWith(key + ".")),
                    "Keys names " + key + ", which no mapping has");
            assertTrue(
                    documented.contains(key) || documented.stream().anyMatch(k -> k.startsWith(key + ".")),
                    "Keys names " + key + ", which docs/configuration.md does not document");
        }
    }

    /**
     * No code outside {@link Keys} writes a setting's name in a string literal: a refusal says
     * {@code "(" + Keys.TEXT_MAX_CHARS + ")"}. Metrics' names and a request attribute's key start
     * with {@code mmf.} too but are not settings.
     */
    @Test
    void noStringLiteralOutsideKeysNamesASetting() throws Exception {
        Pattern literal = Pattern.compile("\"(?:[^\"\\\\\n]|\\\\.)*\"");
        Pattern setting = Pattern.compile("\\bmmf\\.[a-z]");
        Pattern notSetting = Pattern.compile("(?:builder\\(|KEY = )$");
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            if (file.endsWith(Path.of("settings", "Keys.java"))) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String code = line.strip();
                if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
                    continue;
                }
                Matcher m = literal.matcher(line);
                while (m.find()) {
                    if (setting.matcher(m.group()).find()
                            && !notSetting.matcher(line.substring(0, m.start())).find()) {
                        found.add(file.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "settings named in string literals outside Keys: " + found);
    }

    /** The public constants of {@link Keys}, read reflectively so a new one cannot be missed. */
    private static List<String> keys() throws IllegalAccessException {
        List<String> keys = new ArrayList<>();
        for (Field field : Keys.class.getDeclaredFields()) {
            int mods = field.getModifiers();
            if (Modifier.isPublic(mods) && Modifier.isStatic(mods) && field.getType() == String.class) {
                keys.add((String) field.get(null));
            }
        }
        return keys;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    /** {@code mmf.fusion.projections.<space>} matches {@code mmf.fusion.projections.text}. */
    private static boolean matchesPlaceholder(String mappedKey, String key) {
        int at = mappedKey.indexOf(".<");
        return at > 0 && key.startsWith(mappedKey.substring(0, at + 1));
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
                String placeholder = key.startsWith("mmf.gateway.functions") ? "<name>" : "<space>";
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
