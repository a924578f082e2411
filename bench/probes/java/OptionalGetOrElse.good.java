import java.util.Optional;

class Probe {
    private Optional<String> label = Optional.empty();

    String name() {
        return label.orElse("none");
    }
}
