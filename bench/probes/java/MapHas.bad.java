import java.util.Map;

class Probe {
    boolean known(Map<String, Integer> counts, String k) {
        return counts.has(k); // expect: java-nonexistent-member
    }
}
