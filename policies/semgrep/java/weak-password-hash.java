import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

public class PasswordService {
    public byte[] hash(String password) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        // ruleid: java-weak-password-hash
        return md.digest(password.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] legacy(User user, byte[] salt) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(salt);
        // ruleid: java-weak-password-hash
        md.update(user.getPassword().getBytes());
        return md.digest();
    }

    public String commons(String rawPassword) {
        // ruleid: java-weak-password-hash
        return DigestUtils.sha1Hex(rawPassword);
    }

    public String guava(String pwd) {
        // ruleid: java-weak-password-hash
        return Hashing.sha256().hashString(pwd, StandardCharsets.UTF_8).toString();
    }

    public String bcrypt(String password) {
        // ok: java-weak-password-hash
        return new BCryptPasswordEncoder(12).encode(password);
    }

    public String argon(String password) {
        // ok: java-weak-password-hash
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(password);
    }

    public byte[] checksum(byte[] data) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        // ok: java-weak-password-hash
        return md.digest(data);
    }

    public String resetDigest(String passwordResetToken) {
        // ok: java-weak-password-hash
        return DigestUtils.sha256Hex(passwordResetToken);
    }
}
