import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

public class CorsConfig implements WebMvcConfigurer {
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        // ruleid: java-cors-permissive
        registry.addMapping("/**").allowedOriginPatterns("*").allowedMethods("GET", "POST").allowCredentials(true);
    }

    public CorsConfiguration corsConfiguration() {
        CorsConfiguration config = new CorsConfiguration();
        // ruleid: java-cors-permissive
        config.addAllowedOrigin("*");
        config.addAllowedMethod("*");
        config.setAllowCredentials(true);
        return config;
    }

    // ruleid: java-cors-permissive
    @CrossOrigin(origins = "*", allowCredentials = "true")
    @GetMapping("/me")
    public String me() {
        return "me";
    }

    public void manual(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Credentials", "true");
        // ruleid: java-cors-permissive
        response.setHeader("Access-Control-Allow-Origin", request.getHeader("Origin"));
    }

    public void explicit(CorsRegistry registry) {
        // ok: java-cors-permissive
        registry.addMapping("/api/**").allowedOrigins("https://app.example.com").allowCredentials(true);
    }

    public CorsConfiguration publicApi() {
        CorsConfiguration config = new CorsConfiguration();
        // ok: java-cors-permissive
        config.addAllowedOrigin("*");
        config.setAllowCredentials(false);
        return config;
    }

    public CorsConfiguration listed() {
        CorsConfiguration config = new CorsConfiguration();
        // ok: java-cors-permissive
        config.setAllowedOrigins(List.of("https://app.example.com"));
        config.setAllowCredentials(true);
        return config;
    }

    // ok: java-cors-permissive
    @CrossOrigin(origins = "*")
    @GetMapping("/public")
    public String open() {
        return "public";
    }
}
