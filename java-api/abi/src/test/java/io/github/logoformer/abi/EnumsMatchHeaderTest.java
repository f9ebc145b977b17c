package io.github.logoformer.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each Java enum of the ABI holds exactly the header's enumerators, with their pinned values, in order. */
class EnumsMatchHeaderTest {
    private static <E extends Enum<E>> Map<String, Long> javaSide(Class<E> type, String prefix,
            java.util.function.ToIntFunction<E> code) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            values.put(prefix + e.name(), (long) code.applyAsInt(e));
        }
        return values;
    }

    @Test
    void statusCodesMatchTheHeader() throws IOException {
        assertEquals(HeaderDeclarations.ofHeader().enumerators("lf_status"), javaSide(Status.class, "LF_", Status::code));
    }

    @Test
    void devicesDtypesAndReductionsMatchTheHeader() throws IOException {
        HeaderDeclarations header = HeaderDeclarations.ofHeader();
        assertEquals(header.enumerators("lf_device"), javaSide(Device.class, "LF_DEVICE_", Device::code));
        assertEquals(header.enumerators("lf_dtype"), javaSide(Dtype.class, "LF_DTYPE_", Dtype::code));
        assertEquals(header.enumerators("lf_reduction"), javaSide(Reduction.class, "LF_REDUCTION_", Reduction::code));
    }

    @Test
    void everyEnumOfTheHeaderHasAJavaTwin() throws IOException {
        assertEquals(java.util.List.of("lf_status", "lf_device", "lf_dtype", "lf_reduction"),
                HeaderDeclarations.ofHeader().enumTypes());
    }
}
