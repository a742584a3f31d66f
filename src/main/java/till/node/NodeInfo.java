package till.node;

/** The part of Core Lightning's {@code getinfo} that Till uses. */
public record NodeInfo(String id, String alias, String network, long blockheight, String version) {}
