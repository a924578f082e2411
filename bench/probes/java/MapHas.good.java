import java.util.Map;

class Probe {
    boolean known(Map<String, Integer> counts, String k) {
        return counts.containsKey(k);
    }
}
