import com.auth0.jwt.algorithms.Algorithm;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import java.net.PasswordAuthentication;
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
        // reported once, at the assignment above
        // ok: java-hardcoded-secret
        return DriverManager.getConnection("jdbc:postgresql://db/app", "app", dbPassword);
    }

    public Connection inline() throws Exception {
        // ruleid: java-hardcoded-secret
        return DriverManager.getConnection("jdbc:mysql://db/shop", "shop", "s3cr3t!");
    }

    public PasswordAuthentication proxyAuth() {
        // ruleid: java-hardcoded-secret
        return new PasswordAuthentication("proxyuser", "hunter22".toCharArray());
    }

    public boolean isAdmin(String user, String password) {
        // ruleid: java-hardcoded-secret
        return "admin".equals(user) && password.equals("admin123");
    }

    public String sign(String subject) {
        // ruleid: java-hardcoded-secret
        return com.auth0.jwt.JWT.create().withSubject(subject).sign(Algorithm.HMAC256("my-jwt-signing-key"));
    }

    public String jjwt(String subject) {
        // ruleid: java-hardcoded-secret
        return Jwts.builder().setSubject(subject).signWith(SignatureAlgorithm.HS256, "c2VjcmV0LWtleQ==").compact();
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

    public Connection envConnect() throws Exception {
        // ok: java-hardcoded-secret
        return DriverManager.getConnection(System.getenv("DB_URL"), System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }

    public String envSign(String subject) {
        // ok: java-hardcoded-secret
        return com.auth0.jwt.JWT.create().withSubject(subject).sign(Algorithm.HMAC256(System.getenv("JWT_SECRET")));
    }

    public boolean matches(String password, String stored) {
        // ok: java-hardcoded-secret
        return password.equals(stored);
    }

    public boolean isEmpty(String password) {
        // ok: java-hardcoded-secret
        return password.equals("");
    }

    public void placeholder() {
        // ok: java-hardcoded-secret
        String secret = "changeme";
        // ok: java-hardcoded-secret
        String token = "${TOKEN}";
    }
}
