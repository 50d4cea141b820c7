package dev.tailor.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.tailor.domain.TailorException;
import java.io.IOException;

/**
 * A part of a file as written (every field optional) that becomes a domain value. {@link #module()} converts each part
 * the moment Jackson has read it, so a wrong value fails with its place in the file rather than after the whole file.
 */
interface JsonForm<T> {
    /** The domain value, defaults filled in; throws the domain's exception for a value it refuses. */
    T toDomain();

    static Module module() {
        return new SimpleModule("tailor-json-forms").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                // Only concrete parts: a polymorphic base hands each value to its subtype's deserializer anyway.
                return JsonForm.class.isAssignableFrom(type) && !type.isInterface()
                        ? new ConvertOnRead(deserializer, description.getType()) : deserializer;
            }
        });
    }

    /** Reads a part as Jackson would, then converts it, reporting a refusal as Jackson reports a failed constructor. */
    final class ConvertOnRead extends DelegatingDeserializer {
        private final JavaType type;

        ConvertOnRead(JsonDeserializer<?> delegate, JavaType type) {
            super(delegate);
            this.type = type;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ConvertOnRead(delegate, type);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object read = super.deserialize(parser, context);
            if (read instanceof JsonForm<?> form) {
                try {
                    form.toDomain();
                } catch (TailorException refused) {
                    throw ValueInstantiationException.from(parser, refused.getMessage(), type, refused);
                }
            }
            return read;
        }
    }
}
