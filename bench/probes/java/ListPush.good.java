import java.util.ArrayList;
import java.util.List;

class Probe {
    List<String> names(String x) {
        List<String> xs = new ArrayList<>();
        xs.add(x);
        return xs;
    }
}
