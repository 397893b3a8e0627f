package rapport.doctor;

import java.util.List;

/** A check that always reports exactly one line, under its one name. */
abstract class OneLine implements Check {
    private final String name;

    OneLine(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Finding> run() {
        return List.of(check());
    }

    /** The one finding, named {@link #name()}. */
    abstract Finding check();
}
