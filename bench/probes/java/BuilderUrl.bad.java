import java.net.URI;
import java.net.http.HttpRequest;

class Probe {
    HttpRequest req(String u) {
        return HttpRequest.newBuilder().url(u).build(); // expect: java-nonexistent-member
    }
}
