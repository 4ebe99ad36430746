package dev.multimodal.startup;

import dev.multimodal.config.BatchConfig;
import dev.multimodal.config.MmfConfig;
import dev.multimodal.config.ModelsConfig;
import dev.multimodal.config.RuntimeConfig;
import dev.multimodal.registry.LoadPlan;
import dev.multimodal.runtime.ExecutionProvider;
import dev.multimodal.runtime.OptimizationLevel;
import dev.multimodal.settings.Keys;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The part of {@link MmfConfig} that a {@link LoadPlan} needs ({@code mmf.models.*},
 * {@code mmf.runtime.*}, {@code mmf.batch.*}), read before Quarkus starts, as Quarkus will resolve it:
 * a system property, else the environment variable ({@code MMF_MODELS_INCLUDE}), else
 * {@code application.properties} on the class path ({@code %profile.} first), else the mapping's
 * {@code @WithDefault}. Building Quarkus's configuration here would cost a few hundred milliseconds
 * of the start that {@link EarlyModels} is meant to shorten.
 * <p>
 * Each group is a plain class with one method per property, not a {@link java.lang.reflect.Proxy}
 * (generated at every start, beyond the AOT cache): the read took 45-65 ms of the early thread that
 * way, 20-55 ms as plain classes. A property added to a group does not compile until it is read
 * here. What this does not read ({@code .env}, {@code config/application.properties}, expressions)
 * gives a plan that differs from Quarkus's, and the models are then loaded again the normal way.
 */
final class EarlyConfig {

    private final Properties properties;
    private final String profile;

    private EarlyConfig(Properties properties, String profile) {
        this.properties = properties;
        this.profile = profile;
    }

    /** The plan Quarkus will derive from its configuration in {@code profile}. */
    static LoadPlan plan(String profile) {
        Properties properties = new Properties();
        URL url = Thread.currentThread().getContextClassLoader().getResource("application.properties");
        if (url != null) {
            try (InputStream in = url.openStream()) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        EarlyConfig config = new EarlyConfig(properties, profile);
        return LoadPlan.of(config.models(), config.runtime(), config.batch());
    }

    private ModelsConfig models() {
        Class<?> g = ModelsConfig.class;
        String p = Keys.MODELS;
        return new ModelsConfig() {
            @Override
            public String dir() {
                return value(g, p, "dir");
            }

            @Override
            public Optional<Set<String>> include() {
                return set(g, p, "include");
            }

            @Override
            public boolean verifyChecksums() {
                return bool(g, p, "verifyChecksums");
            }

            @Override
            public boolean fullChecksums() {
                return bool(g, p, "fullChecksums");
            }

            @Override
            public boolean warmUp() {
                return bool(g, p, "warmUp");
            }
        };
    }

    private RuntimeConfig runtime() {
        Class<?> g = RuntimeConfig.class;
        String p = Keys.RUNTIME;
        return new RuntimeConfig() {
            @Override
            public ExecutionProvider provider() {
                return enumValue(ExecutionProvider.class, value(g, p, "provider"));
            }

            @Override
            public int cudaDevice() {
                return integer(g, p, "cudaDevice");
            }

            @Override
            public int intraOpThreads() {
                return integer(g, p, "intraOpThreads");
            }

            @Override
            public int interOpThreads() {
                return integer(g, p, "interOpThreads");
            }

            @Override
            public OptimizationLevel optimizationLevel() {
                return enumValue(OptimizationLevel.class, value(g, p, "optimizationLevel"));
            }

            @Override
            public boolean memoryPattern() {
                return bool(g, p, "memoryPattern");
            }

            @Override
            public boolean cpuArena() {
                return bool(g, p, "cpuArena");
            }

            @Override
            public long arenaShrinkBytes() {
                return longValue(g, p, "arenaShrinkBytes");
            }

            @Override
            public boolean allowSpinning() {
                return bool(g, p, "allowSpinning");
            }

            @Override
            public boolean lowerPriority() {
                return bool(g, p, "lowerPriority");
            }

            @Override
            public boolean graphCache() {
                return bool(g, p, "graphCache");
            }
        };
    }

    private BatchConfig batch() {
        Class<?> g = BatchConfig.class;
        String p = Keys.BATCH;
        return new BatchConfig() {
            @Override
            public int maxSize() {
                return integer(g, p, "maxSize");
            }

            @Override
            public long maxDelayMicros() {
                return longValue(g, p, "maxDelayMicros");
            }

            @Override
            public int queueCapacity() {
                return integer(g, p, "queueCapacity");
            }

            @Override
            public int workers() {
                return integer(g, p, "workers");
            }

            @Override
            public int retryAfterSeconds() {
                return integer(g, p, "retryAfterSeconds");
            }

            @Override
            public long maxBytesInFlight() {
                return longValue(g, p, "maxBytesInFlight");
            }

            @Override
            public Duration queueDeadline() {
                return duration(value(g, p, "queueDeadline"));
            }

            @Override
            public Duration drainTimeout() {
                return duration(value(g, p, "drainTimeout"));
            }

            @Override
            public boolean callerRuns() {
                return bool(g, p, "callerRuns");
            }
        };
    }

    /** {@code all} → {@code ALL}, {@code weighted-average} → {@code WEIGHTED_AVERAGE}: SmallRye's implicit enum converter. */
    static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
        return Enum.valueOf(type, value.trim().replace('-', '_').toUpperCase(Locale.ROOT));
    }

    private int integer(Class<?> group, String prefix, String method) {
        return Integer.parseInt(value(group, prefix, method).trim());
    }

    private long longValue(Class<?> group, String prefix, String method) {
        return Long.parseLong(value(group, prefix, method).trim());
    }

    private boolean bool(Class<?> group, String prefix, String method) {
        return Boolean.parseBoolean(value(group, prefix, method).trim());
    }

    /** A comma-separated list; blank or unset is empty, as for Quarkus's {@code Optional<Set<String>>}. */
    private Optional<Set<String>> set(Class<?> group, String prefix, String method) {
        String value = lookup(prefix + "." + kebab(method));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Set.copyOf(Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList()));
    }

    /** The property's value, else the {@code @WithDefault} of {@code group}'s method of that name. */
    private String value(Class<?> group, String prefix, String method) {
        String key = prefix + "." + kebab(method);
        String value = lookup(key);
        if (value != null) {
            return value;
        }
        try {
            WithDefault fallback = group.getMethod(method).getAnnotation(WithDefault.class);
            if (fallback != null) {
                return fallback.value();
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(group.getName() + " has no " + method, e);
        }
        throw new IllegalStateException(key + " has no value and no default");
    }

    private String lookup(String key) {
        String value = System.getProperty(key, System.getenv(environmentName(key)));
        if (value == null) {
            value = properties.getProperty("%" + profile + "." + key);
        }
        return value != null ? value : properties.getProperty(key);
    }

    /** {@code maxBytesInFlight} → {@code max-bytes-in-flight}, as a config mapping names its properties. */
    static String kebab(String method) {
        StringBuilder out = new StringBuilder(method.length() + 4);
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            out.append(Character.isUpperCase(c) && i > 0 ? "-" + Character.toLowerCase(c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** {@code mmf.models.include} → {@code MMF_MODELS_INCLUDE}: the environment variable Quarkus reads for it. */
    static String environmentName(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            out.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString();
    }

    /**
     * A duration as Quarkus reads one: a number of seconds, ISO-8601 ({@code PT20S}), or a number with
     * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}.
     */
    static Duration duration(String value) {
        String v = value.trim();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        String upper = v.toUpperCase(Locale.ROOT);
        if (upper.startsWith("P")) {
            return Duration.parse(upper);
        }
        if (upper.endsWith("MS")
                && upper.length() > 2
                && upper.substring(0, upper.length() - 2).chars().allMatch(Character::isDigit)) {
            return Duration.ofMillis(Long.parseLong(upper.substring(0, upper.length() - 2)));
        }
        return Duration.parse(upper.endsWith("D") ? "P" + upper : "PT" + upper);
    }
}
