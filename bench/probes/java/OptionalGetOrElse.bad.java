import java.util.Optional;

class Probe {
    private Optional<String> label = Optional.empty();

    String name() {
        return label.getOrElse("none"); // expect: java-nonexistent-member
    }
}
