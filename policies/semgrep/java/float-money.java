import java.math.BigDecimal;
import java.math.RoundingMode;

public class Checkout {
    // ruleid: java-float-money
    private double totalPrice;

    // ruleid: java-float-money
    private float discount = 0f;

    // ok: java-float-money
    private long totalCents;

    // ok: java-float-money
    private BigDecimal amount = new BigDecimal("0.00");

    // ok: java-float-money
    private double weight;

    // ruleid: java-float-money
    public double withTax(double amount) {
        return amount;
    }

    public long vat(long priceCents) {
        // ruleid: java-float-money
        double gross = priceCents / 100.0 + getFee() * 0.02;
        return Math.round(gross);
    }

    public BigDecimal fromDouble(double rate) {
        // ruleid: java-float-money
        return new BigDecimal(0.1);
    }

    public BigDecimal fromDoubleVar(double value) {
        // ruleid: java-float-money
        return new BigDecimal(value);
    }

    public BigDecimal good(BigDecimal price) {
        // ok: java-float-money
        return price.multiply(new BigDecimal("1.19")).setScale(2, RoundingMode.HALF_EVEN);
    }

    public BigDecimal goodValueOf(double rate) {
        // ok: java-float-money
        return BigDecimal.valueOf(rate);
    }

    public long cents(long priceCents, int qty) {
        // ok: java-float-money
        return priceCents * qty;
    }

    public double ratio(int count, int totalCount) {
        // ok: java-float-money
        return count / (double) totalCount * 0.5;
    }

    private double getFee() {
        return 1;
    }
}
