class Probe {
    boolean has(String s) {
        return s.includes("@"); // expect: java-nonexistent-member
    }
}
