package dev.multimodal.http.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multimodal.api.ApiField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * JSON Schemas (OpenAPI 3.1) of the function records, read from the records themselves by
 * reflection: their components, their Java types, and what {@link ApiField} says of each. Limits
 * and defaults are looked up in the configuration the service runs with, so the document states
 * this deployment's values. Each record becomes one named component; references point there.
 */
final class RecordSchemas {

    private static final Pattern SETTING = Pattern.compile("\\$\\{([a-z0-9.-]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Config config;
    private final Map<String, Schema> components = new TreeMap<>();

    RecordSchemas(Config config) {
        this.config = config;
    }

    /** The named schemas made so far, for {@code components.schemas}. */
    Map<String, Schema> components() {
        return components;
    }

    /** A schema for the type: inline for plain types, a reference to a component for a record. */
    Schema of(Type type) {
        if (type instanceof Class<?> c) {
            return ofClass(c);
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return OASFactory.createSchema().addType(SchemaType.ARRAY).items(of(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return OASFactory.createSchema().addType(SchemaType.OBJECT).additionalPropertiesSchema(of(args[1]));
            }
            return of(raw);
        }
        if (type instanceof GenericArrayType a) {
            return OASFactory.createSchema().addType(SchemaType.ARRAY).items(of(a.getGenericComponentType()));
        }
        return OASFactory.createSchema();
    }

    /**
     * The component name of a record: its simple name, as the annotation scanner names the records
     * the REST resources use, so a record shared with {@code /v1/analyze} has one schema.
     */
    static String name(Class<?> record) {
        return record.getSimpleName();
    }

    private Schema ofClass(Class<?> c) {
        if (c == String.class) {
            return scalar(SchemaType.STRING, null);
        }
        if (c == boolean.class || c == Boolean.class) {
            return scalar(SchemaType.BOOLEAN, null);
        }
        if (c == int.class || c == Integer.class) {
            return scalar(SchemaType.INTEGER, "int32");
        }
        if (c == long.class || c == Long.class) {
            return scalar(SchemaType.INTEGER, "int64");
        }
        if (c == float.class || c == Float.class) {
            return scalar(SchemaType.NUMBER, "float");
        }
        if (c == double.class || c == Double.class) {
            return scalar(SchemaType.NUMBER, "double");
        }
        if (c.isArray()) {
            return OASFactory.createSchema().addType(SchemaType.ARRAY).items(ofClass(c.getComponentType()));
        }
        if (c.isEnum()) {
            return scalar(SchemaType.STRING, null).enumeration(labels(c));
        }
        if (c.isRecord()) {
            String name = name(c);
            if (!components.containsKey(name)) {
                components.put(name, OASFactory.createSchema()); // a placeholder stops recursion
                components.put(name, record(c));
            }
            return OASFactory.createSchema().ref("#/components/schemas/" + name);
        }
        return OASFactory.createSchema().addType(SchemaType.OBJECT);
    }

    private Schema record(Class<?> c) {
        Schema schema = OASFactory.createSchema().addType(SchemaType.OBJECT);
        ApiField about = c.getAnnotation(ApiField.class);
        if (about != null) {
            schema.description(describe(about.value()));
        }
        List<String> required = new ArrayList<>();
        for (RecordComponent component : c.getRecordComponents()) {
            Schema property = of(component.getGenericType());
            ApiField field = component.getAnnotation(ApiField.class);
            boolean isRequired = field != null && field.required();
            if (field != null) {
                annotate(property, field);
            }
            if (isRequired) {
                required.add(component.getName());
            } else if (!component.getType().isPrimitive()) {
                // an absent object is written as null, and a client may send null for "not given"
                property = nullable(property);
            }
            schema.addProperty(component.getName(), property);
        }
        if (!required.isEmpty()) {
            schema.required(required);
        }
        return schema;
    }

    private static Schema nullable(Schema schema) {
        if (schema.getRef() != null) {
            Schema wrapper = OASFactory.createSchema().description(schema.getDescription());
            schema.description(null);
            return wrapper.anyOf(List.of(schema, OASFactory.createSchema().addType(SchemaType.NULL)));
        }
        if (schema.getEnumeration() != null) {
            List<Object> values = new ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.enumeration(values);
        }
        return schema.addType(SchemaType.NULL);
    }

    private void annotate(Schema property, ApiField field) {
        property.description(describe(field.value()));
        boolean list = property.getType() != null && property.getType().contains(SchemaType.ARRAY);
        if (!field.maxItems().isEmpty()) {
            property.maxItems(setting(field.maxItems()));
            property.minItems(field.required() ? 1 : null);
        }
        if (!field.maxLength().isEmpty()) {
            Schema strings = list ? property.getItems() : property;
            strings.maxLength(setting(field.maxLength()));
        }
        if (field.oneOf() != ApiField.None.class) {
            List<Object> values = labels(field.oneOf());
            property.enumeration(values);
        }
        if (!field.defaultFrom().isEmpty()) {
            String value = config.getValue(field.defaultFrom(), String.class);
            property.defaultValue(typed(property, value));
        } else if (!field.defaultValue().isEmpty()) {
            try {
                property.defaultValue(JSON.readValue(field.defaultValue(), Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("@ApiField defaultValue is not JSON: " + field.defaultValue(), e);
            }
        }
    }

    /** A default from a setting, as the JSON type of the property (a number for a number). */
    private static Object typed(Schema property, String value) {
        List<SchemaType> types = property.getType() == null ? List.of() : property.getType();
        if (types.contains(SchemaType.NUMBER)) {
            return Double.valueOf(value);
        }
        if (types.contains(SchemaType.INTEGER)) {
            return Long.valueOf(value);
        }
        if (types.contains(SchemaType.BOOLEAN)) {
            return Boolean.valueOf(value);
        }
        return value;
    }

    private int setting(String key) {
        return config.getValue(key, Integer.class);
    }

    /** The description with each {@code ${mmf.…}} replaced by the setting's value. */
    private String describe(String text) {
        Matcher m = SETTING.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(config.getValue(m.group(1), String.class)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** An enum's accepted spellings: its {@code label()} where it has one, else its lower-case name. */
    static List<Object> labels(Class<?> enumType) {
        List<Object> labels = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            try {
                labels.add(enumType.getMethod("label").invoke(constant));
            } catch (ReflectiveOperationException e) {
                labels.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
        }
        return labels;
    }

    private static Schema scalar(SchemaType type, String format) {
        Schema schema = OASFactory.createSchema().addType(type);
        return format == null ? schema : schema.format(format);
    }
}
