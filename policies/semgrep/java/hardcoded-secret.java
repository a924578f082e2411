import java.sql.Connection;
import java.sql.DriverManager;

public class PaymentConfig {
    // ruleid: java-hardcoded-secret
    private static final String STRIPE_SECRET_KEY = "sk_live_51HxQ2aLkT9pZ3bR7";

    // ruleid: java-hardcoded-secret
    private String apiKey = "AIzaSyD4-9fX2kQpL0aZ8bW3";

    private String clientSecret;

    // ok: java-hardcoded-secret
    private static final String TOKEN_HEADER = "X-Auth-Token";

    // ok: java-hardcoded-secret
    private static final String ACCESS_TOKEN = "access_token";

    // ok: java-hardcoded-secret
    private String password = "";

    public Connection connect() throws Exception {
        // ruleid: java-hardcoded-secret
        String dbPassword = "Pr0d#Passw0rd!";
        return DriverManager.getConnection("jdbc:postgresql://db/app", "app", dbPassword);
    }

    public void init() {
        // ruleid: java-hardcoded-secret
        this.clientSecret = "9f8e7d6c5b4a3f2e1d0c";
    }

    public String fromEnv() {
        // ok: java-hardcoded-secret
        String apiToken = System.getenv("API_TOKEN");
        return apiToken;
    }

    public void placeholder() {
        // ok: java-hardcoded-secret
        String secret = "changeme";
        // ok: java-hardcoded-secret
        String token = "${TOKEN}";
    }
}
