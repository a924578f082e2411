import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

public class ProxyController {
    private static final Set<String> ALLOWED_HOSTS = Set.of("api.example.com");
    private final RestTemplate restTemplate = new RestTemplate();
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebClient webClient = WebClient.create();

    public InputStream proxy(HttpServletRequest request) throws Exception {
        String target = request.getParameter("url");
        // ruleid: java-ssrf
        return new URL(target).openConnection().getInputStream();
    }

    public InputStream viaVariable(HttpServletRequest request) throws Exception {
        URL u = new URL(request.getParameter("url"));
        // ruleid: java-ssrf
        return u.openStream();
    }

    @GetMapping("/preview")
    public String preview(@RequestParam String url) {
        // ruleid: java-ssrf
        return restTemplate.getForObject(url, String.class);
    }

    @GetMapping("/img")
    public String image(@RequestParam("host") String host) {
        // ruleid: java-ssrf
        return restTemplate.getForObject("http://" + host + "/logo.png", String.class);
    }

    @GetMapping("/fetch")
    public String fetch(@RequestParam String url) throws Exception {
        // ruleid: java-ssrf
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    @GetMapping("/reactive")
    public Object reactive(@RequestParam String url) {
        // ruleid: java-ssrf
        return webClient.get().uri(url).retrieve().bodyToMono(String.class);
    }

    @GetMapping("/user")
    public String user(@RequestParam String id) {
        // ok: java-ssrf
        return restTemplate.getForObject("https://api.example.com/users/" + id, String.class);
    }

    @GetMapping("/user2")
    public Object userTemplate(@RequestParam String id) {
        // ok: java-ssrf
        return webClient.get().uri("https://api.example.com/users/{id}", id).retrieve().bodyToMono(String.class);
    }

    public InputStream health() throws Exception {
        // ok: java-ssrf
        return new URL("https://status.example.com/health").openStream();
    }

    @GetMapping("/search")
    public String search(@RequestParam String q) {
        String enc = URLEncoder.encode(q, StandardCharsets.UTF_8);
        // ok: java-ssrf
        return restTemplate.getForObject("https://search.example.com/q?term=" + enc, String.class);
    }

    @GetMapping("/allowed")
    public InputStream allowed(@RequestParam String url) throws Exception {
        URL u = new URL(url);
        if (!ALLOWED_HOSTS.contains(u.getHost())) {
            throw new IllegalArgumentException("host not allowed");
        }
        // ok: java-ssrf
        return u.openStream();
    }
}
