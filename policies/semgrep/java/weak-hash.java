import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.commons.codec.digest.DigestUtils;

public class Checksums {
    private static final String LEGACY_ALG = "SHA-1";

    public byte[] signature(byte[] payload) throws Exception {
        // ruleid: java-weak-hash
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        return md.digest(payload);
    }

    public byte[] viaVariable(byte[] data) throws Exception {
        String alg = "MD5";
        // ruleid: java-weak-hash
        return MessageDigest.getInstance(alg).digest(data);
    }

    public byte[] viaConstant(byte[] data) throws Exception {
        // ruleid: java-weak-hash
        return MessageDigest.getInstance(LEGACY_ALG).digest(data);
    }

    public String commons(String userId) {
        // ruleid: java-weak-hash
        return DigestUtils.md5Hex(userId + System.nanoTime());
    }

    public String guava(String body) {
        // ruleid: java-weak-hash
        return Hashing.sha1().hashString(body, StandardCharsets.UTF_8).toString();
    }

    public byte[] sha256(byte[] payload) throws Exception {
        // ok: java-weak-hash
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return md.digest(payload);
    }

    public byte[] sha256Var(byte[] payload) throws Exception {
        String alg = "SHA-256";
        // ok: java-weak-hash
        return MessageDigest.getInstance(alg).digest(payload);
    }

    public String sha256Commons(String body) {
        // ok: java-weak-hash
        return DigestUtils.sha256Hex(body);
    }

    public byte[] passwordCase(String password) throws Exception {
        // reported by java-weak-password-hash instead
        // ok: java-weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(password.getBytes());
    }

    public String passwordCommons(String password) {
        // ok: java-weak-hash
        return DigestUtils.md5Hex(password);
    }
}
