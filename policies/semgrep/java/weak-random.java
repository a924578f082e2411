import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.lang3.RandomStringUtils;

public class TokenFactory {
    private final Random random = new Random();
    private final SecureRandom secureRandom = new SecureRandom();

    public String resetLink(User user) {
        // ruleid: java-weak-random
        String token = Long.toHexString(random.nextLong());
        return "/reset?t=" + token;
    }

    public String generateSessionId() {
        // ruleid: java-weak-random
        return Integer.toString(new Random().nextInt(), 36) + System.nanoTime();
    }

    public void otp(User user) {
        // ruleid: java-weak-random
        user.setOtp(String.valueOf(100000 + (int) (Math.random() * 900000)));
    }

    public String tempPassword() {
        // ruleid: java-weak-random
        String password = RandomStringUtils.randomAlphanumeric(12);
        return password;
    }

    public int nonce() {
        // ruleid: java-weak-random
        int nonce = ThreadLocalRandom.current().nextInt();
        return nonce;
    }

    public String secureToken() {
        byte[] bytes = new byte[32];
        secureRandom.nextBytes(bytes);
        // ok: java-weak-random
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return token;
    }

    public String uuidToken() {
        // ok: java-weak-random
        String token = UUID.randomUUID().toString();
        return token;
    }

    public int secureOtp() {
        // ok: java-weak-random
        int otp = secureRandom.nextInt(900000) + 100000;
        return otp;
    }

    public long backoff(int attempt) {
        // ok: java-weak-random
        long jitter = random.nextInt(100);
        return attempt * 1000L + jitter;
    }

    public int shuffleKey() {
        // ok: java-weak-random
        int key = ThreadLocalRandom.current().nextInt(16);
        return key;
    }
}
