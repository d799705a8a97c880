package io.imdsagent.testapps.requirements;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test (or every test of the class) runs commands in a sealed network namespace it makes itself. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Requirements.SEALED)
@ExtendWith(Requirements.class)
public @interface RequiresSealedNamespace {
}
