package dev.nsw.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code Path} option as an output of its command; every other {@code Path} option or parameter is
 * an input. Before a command runs, {@link OutputsAreNotInputs} refuses an output that is one of its inputs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Writes {
    /** The whole folder is written or replaced (an input inside it would be lost as well). */
    boolean folder() default false;
}
