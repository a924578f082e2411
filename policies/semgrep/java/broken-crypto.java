import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.apache.commons.codec.digest.DigestUtils;

public class CryptoUtil {
    public byte[] legacy(byte[] data) throws Exception {
        // ruleid: java-broken-crypto
        Cipher c = Cipher.getInstance("DESede/CBC/PKCS5Padding");
        return c.doFinal(data);
    }

    public Cipher ecbDefault() throws Exception {
        // ruleid: java-broken-crypto
        return Cipher.getInstance("AES");
    }

    public Cipher ecbExplicit() throws Exception {
        // ruleid: java-broken-crypto
        return Cipher.getInstance("AES/ECB/PKCS5Padding");
    }

    public Cipher rc4() throws Exception {
        // ruleid: java-broken-crypto
        return Cipher.getInstance("RC4");
    }

    public byte[] signature(byte[] payload) throws Exception {
        // ruleid: java-broken-crypto
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        return md.digest(payload);
    }

    public String token(String userId) {
        // ruleid: java-broken-crypto
        return DigestUtils.md5Hex(userId + System.nanoTime());
    }

    public Cipher gcm() throws Exception {
        // ok: java-broken-crypto
        return Cipher.getInstance("AES/GCM/NoPadding");
    }

    public byte[] sha256(byte[] payload) throws Exception {
        // ok: java-broken-crypto
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return md.digest(payload);
    }

    public byte[] passwordCase(String password) throws Exception {
        // reported by java-weak-password-hash instead
        // ok: java-broken-crypto
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(password.getBytes());
    }

    public String passwordCommons(String password) {
        // ok: java-broken-crypto
        return DigestUtils.md5Hex(password);
    }
}
