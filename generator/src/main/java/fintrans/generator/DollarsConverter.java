package fintrans.generator;

import fintrans.common.Amounts;
import fintrans.common.InvalidTransactionException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converter from a dollar amount with at most two decimals, such as {@code 9999.99}, to cents. */
final class DollarsConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Amounts.parseCents(value);
        } catch (InvalidTransactionException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
