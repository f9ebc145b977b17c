package io.github.logoformer.torchfile;

import java.util.Locale;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The element types of tensors this package reads and writes, named as PyTorch's pickles name their
 * storages ({@code torch.FloatStorage}, ...). Quantized and float8 storages, and the unsigned integers
 * wider than a byte, are not among them: the reader refuses them by name.
 */
public enum StorageType {
    FLOAT("FloatStorage", ScalarType.Float, 4, "float32"),
    DOUBLE("DoubleStorage", ScalarType.Double, 8, "float64"),
    HALF("HalfStorage", ScalarType.Half, 2, "float16"),
    BFLOAT16("BFloat16Storage", ScalarType.BFloat16, 2, "bfloat16"),
    LONG("LongStorage", ScalarType.Long, 8, "int64"),
    INT("IntStorage", ScalarType.Int, 4, "int32"),
    SHORT("ShortStorage", ScalarType.Short, 2, "int16"),
    CHAR("CharStorage", ScalarType.Char, 1, "int8"),
    BYTE("ByteStorage", ScalarType.Byte, 1, "uint8"),
    BOOL("BoolStorage", ScalarType.Bool, 1, "bool"),
    COMPLEX_FLOAT("ComplexFloatStorage", ScalarType.ComplexFloat, 8, "complex64"),
    COMPLEX_DOUBLE("ComplexDoubleStorage", ScalarType.ComplexDouble, 16, "complex128");

    private final String pythonName;
    private final ScalarType scalarType;
    private final int elementSize;
    private final String dtypeName;

    StorageType(String pythonName, ScalarType scalarType, int elementSize, String dtypeName) {
        this.pythonName = pythonName;
        this.scalarType = scalarType;
        this.elementSize = elementSize;
        this.dtypeName = dtypeName;
    }

    /** The class name in module {@code torch}, e.g. {@code FloatStorage}. */
    public String pythonName() {
        return pythonName;
    }

    public ScalarType scalarType() {
        return scalarType;
    }

    public int elementSize() {
        return elementSize;
    }

    /** PyTorch's name of the dtype, e.g. {@code float32}. */
    public String dtypeName() {
        return dtypeName;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE || this == HALF || this == BFLOAT16;
    }

    public boolean isInteger() {
        return this == LONG || this == INT || this == SHORT || this == CHAR || this == BYTE;
    }

    /** The storage class named {@code name} in module {@code torch}, or null. {@code UntypedStorage} is bytes. */
    static StorageType ofPythonName(String name) {
        if (name.equals("UntypedStorage")) {
            return BYTE;
        }
        for (StorageType type : values()) {
            if (type.pythonName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    /**
     * The storage type of LibTorch elements {@code type}.
     *
     * @throws IllegalArgumentException for a dtype no PyTorch storage class here holds
     */
    public static StorageType of(ScalarType type) {
        ScalarType interned = type.intern();
        for (StorageType t : values()) {
            if (t.scalarType == interned) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype " + interned.name().toLowerCase(Locale.ROOT)
                + " cannot be stored in a torch.save file here (float32/64/16, bfloat16, int8-64, uint8, bool, complex64/128)");
    }
}
