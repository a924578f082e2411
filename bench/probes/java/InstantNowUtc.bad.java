import java.time.Instant;

class Probe {
    Instant stamp() {
        return Instant.nowUtc(); // expect: java-nonexistent-member
    }
}
