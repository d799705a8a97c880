package io.imdsagent.testapps.requirements;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test forks a JVM of the JDK 25 at {@link Requirements#JDK25_JAVA}. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Requirements.JDK25)
@ExtendWith(Requirements.class)
public @interface RequiresJdk25 {
}
