package dev.superpose.orchestrator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import com.fasterxml.jackson.databind.jsontype.impl.StdTypeResolverBuilder;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedConstructor;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Teaches the Jackson of akka-serialization-jackson 2.6.21 (2.11, which predates records) to
 * read records back: a record's canonical constructor is its property-based creator, its
 * parameters named after the record's components. Without it, a single-component record is
 * taken for a delegating creator and any record with a second constructor has no creator at all.
 * A field typed by a sealed interface carries its record's simple name, so it reads back as that record.
 * Writing needs nothing: Akka's mapper sees fields ({@code visibility.FIELD = ANY}). Registered
 * in application.conf under {@code akka.serialization.jackson.jackson-modules}.
 */
public final class RecordCreatorsModule extends SimpleModule {
    public RecordCreatorsModule() {
        super("superpose-record-creators");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.insertAnnotationIntrospector(new CanonicalConstructors());
    }

    private static final class CanonicalConstructors extends NopAnnotationIntrospector {
        @Override
        public JsonCreator.Mode findCreatorAnnotation(MapperConfig<?> config, Annotated annotated) {
            return annotated instanceof AnnotatedConstructor c && isCanonical(c.getAnnotated())
                    ? JsonCreator.Mode.PROPERTIES : null;
        }

        @Override
        public String findImplicitPropertyName(AnnotatedMember member) {
            if (member instanceof AnnotatedParameter parameter
                    && parameter.getOwner() instanceof AnnotatedConstructor c && isCanonical(c.getAnnotated())) {
                return c.getDeclaringClass().getRecordComponents()[parameter.getIndex()].getName();
            }
            return null;
        }

        /** A sealed interface is written with the simple name of its record under "@type" and read back by it. */
        @Override
        public TypeResolverBuilder<?> findTypeResolver(MapperConfig<?> config, AnnotatedClass type, JavaType baseType) {
            if (!type.getRawType().isSealed() || !type.getRawType().isInterface()) {
                return null;
            }
            return new StdTypeResolverBuilder().init(JsonTypeInfo.Id.NAME, null)
                    .inclusion(JsonTypeInfo.As.PROPERTY).typeProperty("@type");
        }

        @Override
        public List<NamedType> findSubtypes(Annotated annotated) {
            Class<?> type = annotated.getRawType();
            if (!(annotated instanceof AnnotatedClass) || !type.isSealed() || !type.isInterface()) {
                return null;
            }
            return Arrays.stream(type.getPermittedSubclasses()).map(sub -> new NamedType(sub, sub.getSimpleName()))
                    .toList();
        }

        @Override
        public String findTypeName(AnnotatedClass type) {
            return type.getRawType().isRecord() ? type.getRawType().getSimpleName() : null;
        }

        private static boolean isCanonical(Constructor<?> constructor) {
            Class<?> type = constructor.getDeclaringClass();
            return type.isRecord() && Arrays.equals(constructor.getParameterTypes(),
                    Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new));
        }
    }
}
