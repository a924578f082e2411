import java.util.ArrayList;
import java.util.List;

class Probe {
    List<String> names(String x) {
        List<String> xs = new ArrayList<>();
        xs.push(x); // expect: java-nonexistent-member
        return xs;
    }
}
