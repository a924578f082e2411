import java.time.Instant;

class Probe {
    Instant stamp() {
        return Instant.now();
    }
}
