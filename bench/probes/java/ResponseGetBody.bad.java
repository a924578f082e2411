import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

class Probe {
    String get(HttpClient client, HttpRequest req) throws Exception {
        HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
        return res.getBody(); // expect: java-nonexistent-member
    }
}
