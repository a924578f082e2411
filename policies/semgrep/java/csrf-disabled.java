import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

public class SecurityConfig {
    @Bean
    public SecurityFilterChain legacy(HttpSecurity http) throws Exception {
        // ruleid: java-csrf-disabled
        http.csrf().disable().authorizeRequests().anyRequest().authenticated().and().formLogin();
        return http.build();
    }

    @Bean
    public SecurityFilterChain lambda(HttpSecurity http) throws Exception {
        // ruleid: java-csrf-disabled
        http
            .csrf(csrf -> csrf.disable())
            .formLogin(form -> form.loginPage("/login"));
        return http.build();
    }

    @Bean
    public SecurityFilterChain methodRef(HttpSecurity http) throws Exception {
        // ruleid: java-csrf-disabled
        http.csrf(AbstractHttpConfigurer::disable).httpBasic(b -> {});
        return http.build();
    }

    @Bean
    public SecurityFilterChain statelessApi(HttpSecurity http) throws Exception {
        http
            // ok: java-csrf-disabled
            .csrf(AbstractHttpConfigurer::disable)
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .oauth2ResourceServer(o -> o.jwt(j -> {}));
        return http.build();
    }

    @Bean
    public SecurityFilterChain enabled(HttpSecurity http) throws Exception {
        // ok: java-csrf-disabled
        http.csrf(c -> c.ignoringRequestMatchers("/webhooks/**")).formLogin(f -> {});
        return http.build();
    }
}
