class Probe {
    boolean has(String s) {
        return s.contains("@");
    }
}
