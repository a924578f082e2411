import groovy.lang.GroovyShell;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.servlet.http.HttpServletRequest;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

public class RulesController {
    private final ExpressionParser parser = new SpelExpressionParser();

    public Object script(HttpServletRequest request) throws Exception {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
        // ruleid: java-code-injection
        return engine.eval(request.getParameter("expr"));
    }

    @PostMapping("/calc")
    public Object spel(@RequestParam String formula) {
        // ruleid: java-code-injection
        Expression e = parser.parseExpression(formula);
        return e.getValue();
    }

    @PostMapping("/groovy")
    public Object groovy(@RequestBody String code) {
        // ruleid: java-code-injection
        return new GroovyShell().evaluate(code);
    }

    public Object safeSpel(@RequestParam String name) {
        SimpleEvaluationContext ctx = SimpleEvaluationContext.forReadOnlyDataBinding().build();
        ctx.setVariable("name", name);
        // ok: java-code-injection
        return parser.parseExpression("#name.toUpperCase()").getValue(ctx);
    }

    public Object safeScript(HttpServletRequest request) throws Exception {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
        engine.put("input", request.getParameter("x"));
        // ok: java-code-injection
        return engine.eval("input.length");
    }
}
