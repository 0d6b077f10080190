package dev.jrun.cli;

import dev.jrun.linux.Signals;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A signal as kill(1) and runc take one: a number, or a name with or without SIG, any case. */
final class SignalConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        try {
            return Signals.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
