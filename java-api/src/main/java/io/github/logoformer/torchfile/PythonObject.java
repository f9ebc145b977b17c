package io.github.logoformer.torchfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Python object of a class the reader does not know, kept as data: the class's dotted name, the
 * arguments it was built with, the state {@code pickle} restored on it and the items it received as a
 * dict. Checkpoints carry such values beside their weights ({@code argparse.Namespace}, numpy scalars,
 * a training recorder); reading them runs no code. A bare reference to a class has no arguments.
 */
public final class PythonObject {
    private final String global;
    private final List<Object> args;
    private final Map<Object, Object> items = new LinkedHashMap<>();
    private Object state;

    PythonObject(String global, List<Object> args) {
        this.global = global;
        this.args = new ArrayList<>(args);
    }

    /** Module and name, e.g. {@code argparse.Namespace}. */
    public String global() {
        return global;
    }

    public List<Object> args() {
        return args;
    }

    public Object state() {
        return state;
    }

    public Map<Object, Object> items() {
        return items;
    }

    void setState(Object value) {
        state = value;
    }

    @Override
    public String toString() {
        return "<Python " + global + ">";
    }
}
