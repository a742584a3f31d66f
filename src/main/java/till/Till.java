package till;

public final class Till {
    public static void main(String[] args) {
        System.out.println("Till");
    }
}
