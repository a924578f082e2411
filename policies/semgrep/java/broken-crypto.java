import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

public class CryptoUtil {
    private static final String TRANSFORMATION = "DES/CBC/PKCS5Padding";
    private static final byte[] FIXED_IV = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private final SecureRandom random = new SecureRandom();

    public byte[] legacy(byte[] data) throws Exception {
        // ruleid: java-broken-crypto
        Cipher c = Cipher.getInstance("DESede/CBC/PKCS5Padding");
        return c.doFinal(data);
    }

    public Cipher viaVariable() throws Exception {
        String t = "DES/ECB/PKCS5Padding";
        // ruleid: java-broken-crypto
        return Cipher.getInstance(t);
    }

    public Cipher viaConstant() throws Exception {
        // ruleid: java-broken-crypto
        return Cipher.getInstance(TRANSFORMATION);
    }

    public Cipher ecbDefault() throws Exception {
        // ruleid: java-broken-crypto
        return Cipher.getInstance("AES");
    }

    public Cipher ecbExplicit() throws Exception {
        // ruleid: java-broken-crypto
        return Cipher.getInstance("AES/ECB/PKCS5Padding", "BC");
    }

    public Cipher rc4() throws Exception {
        // ruleid: java-broken-crypto
        return Cipher.getInstance("RC4");
    }

    public Cipher zeroIv(SecretKey key) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ruleid: java-broken-crypto
        c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[16]));
        return c;
    }

    public Cipher zeroIvVariable(SecretKey key) throws Exception {
        byte[] iv = new byte[12];
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        // ruleid: java-broken-crypto
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return c;
    }

    public Cipher constantIv(SecretKey key) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ruleid: java-broken-crypto
        c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(FIXED_IV));
        return c;
    }

    public Object weakRsa() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ruleid: java-broken-crypto
        kpg.initialize(1024);
        return kpg.generateKeyPair();
    }

    public Cipher gcm(SecretKey key) throws Exception {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        // ok: java-broken-crypto
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: java-broken-crypto
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return c;
    }

    public Cipher decrypt(SecretKey key, byte[] message) throws Exception {
        byte[] iv = new byte[12];
        System.arraycopy(message, 0, iv, 0, 12);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: java-broken-crypto
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return c;
    }

    public Cipher oaep() throws Exception {
        // ok: java-broken-crypto
        return Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
    }

    public Cipher gcmVariable() throws Exception {
        String t = "AES/GCM/NoPadding";
        // ok: java-broken-crypto
        return Cipher.getInstance(t);
    }

    public Object strongRsa() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ok: java-broken-crypto
        kpg.initialize(3072);
        return kpg.generateKeyPair();
    }

    public Object ec() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        // ok: java-broken-crypto
        kpg.initialize(256);
        return kpg.generateKeyPair();
    }
}
