import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.security.Key;

public class TokenService {
    private Key key;
    private String secret;

    public Object lenient(String token) {
        // ruleid: java-jwt-unverified
        return Jwts.parser().setSigningKey(key).parse(token).getBody();
    }

    public Claims unsigned(String token) {
        // ruleid: java-jwt-unverified
        return Jwts.parserBuilder().build().parseClaimsJwt(token).getBody();
    }

    public String subject(String token) {
        // ruleid: java-jwt-unverified
        DecodedJWT jwt = JWT.decode(token);
        return jwt.getSubject();
    }

    public String issueUnsigned() {
        // ruleid: java-jwt-unverified
        return JWT.create().withSubject("admin").sign(Algorithm.none());
    }

    public Claims strict(String token) {
        // ok: java-jwt-unverified
        return Jwts.parserBuilder().setSigningKey(key).build().parseClaimsJws(token).getBody();
    }

    public String verified(String token) {
        JWTVerifier verifier = JWT.require(Algorithm.HMAC256(secret)).build();
        // ok: java-jwt-unverified
        DecodedJWT jwt = verifier.verify(token);
        return jwt.getSubject();
    }

    public String decodeThenVerify(String token) {
        // ok: java-jwt-unverified
        DecodedJWT decoded = JWT.decode(token);
        Algorithm alg = pickAlgorithm(decoded.getKeyId());
        DecodedJWT jwt = JWT.require(alg).build().verify(decoded);
        return jwt.getSubject();
    }

    public String issue() {
        // ok: java-jwt-unverified
        return JWT.create().withSubject("u1").sign(Algorithm.HMAC256(secret));
    }
}
