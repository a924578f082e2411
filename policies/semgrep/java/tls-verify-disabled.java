import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClients;

public class InsecureHttp {
    static class TrustAll implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        // ruleid: java-tls-verify-disabled
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        // ruleid: java-tls-verify-disabled
        public X509Certificate[] getAcceptedIssuers() { return null; }
    }

    static class AllowAll implements HostnameVerifier {
        // ruleid: java-tls-verify-disabled
        public boolean verify(String hostname, SSLSession session) { return true; }
    }

    void disable() {
        // ruleid: java-tls-verify-disabled
        HttpsURLConnection.setDefaultHostnameVerifier((h, s) -> true);
    }

    Object apache() {
        // ruleid: java-tls-verify-disabled
        return HttpClients.custom().setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE).build();
    }

    Object legacy() {
        // ruleid: java-tls-verify-disabled
        return SSLConnectionSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER;
    }

    static class Strict implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        // ok: java-tls-verify-disabled
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        // ok: java-tls-verify-disabled
        public X509Certificate[] getAcceptedIssuers() { return delegate.getAcceptedIssuers(); }
    }

    void strictVerifier() {
        // ok: java-tls-verify-disabled
        HttpsURLConnection.setDefaultHostnameVerifier((h, s) -> h.endsWith(".example.com"));
    }

    boolean unrelated(java.util.function.BiPredicate<String, String> p) {
        // ok: java-tls-verify-disabled
        java.util.function.BiPredicate<String, String> any = (a, b) -> true;
        return any.test("a", "b");
    }
}
