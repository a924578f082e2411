import java.net.URI;
import java.net.http.HttpRequest;

class Probe {
    HttpRequest req(String u) {
        return HttpRequest.newBuilder().uri(URI.create(u)).build();
    }
}
