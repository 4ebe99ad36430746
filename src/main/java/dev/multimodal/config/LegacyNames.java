package dev.multimodal.config;

import dev.multimodal.settings.Keys;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Keeps the names settings had before they moved under the one root: {@code gateway.*} is read as
 * {@code mmf.gateway.*} when the new name is not set, with one warning per name, so a deployment that
 * set {@code GATEWAY_FUNCTIONS_ANALYZE_IMAGE_URL} or {@code -Dgateway.timeout} keeps working.
 * Registered with SmallRye Config through {@code META-INF/services}.
 */
public class LegacyNames implements ConfigSourceInterceptor {

    private static final String NEW = Keys.GATEWAY + ".";
    private static final String OLD = "gateway.";
    private static final Logger LOG = Logger.getLogger(LegacyNames.class.getName());
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /**
     * The new name's value, unless the old name is set in a source that ranks above it: a mapping's
     * default (the lowest rank) or a value in application.properties gives way to an old name set in
     * the environment, as it would have before the move.
     */
    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!name.startsWith(NEW)) {
            return value;
        }
        String old = OLD + name.substring(NEW.length());
        ConfigValue legacy = context.proceed(old);
        if (legacy == null || (value != null && value.getConfigSourceOrdinal() >= legacy.getConfigSourceOrdinal())) {
            return value;
        }
        if (WARNED.add(old)) {
            LOG.warning(old + " is deprecated: set " + name + " instead");
        }
        return legacy.withName(name);
    }

    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        List<String> names = new ArrayList<>();
        context.iterateNames().forEachRemaining(name -> {
            names.add(name);
            if (name.startsWith(OLD)) {
                names.add(NEW + name.substring(OLD.length()));
            }
        });
        return names.iterator();
    }
}
