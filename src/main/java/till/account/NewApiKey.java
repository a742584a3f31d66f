package till.account;

/** A key just made, with the key in clear: shown once, then only its hash is kept. */
public record NewApiKey(ApiKey key, String apiKey) {}
