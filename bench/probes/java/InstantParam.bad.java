import java.time.Instant;

class Probe {
    long age(Instant start) {
        return start.toEpochMillis(); // expect: java-nonexistent-member
    }
}
