package till.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;
import java.util.NoSuchElementException;
import till.account.Caller;
import till.error.ErrorCode;
import till.error.Problem;
import till.node.sim.SimChain;

/**
 * The simulated chain's payer on Till's own port (declared in {@link Api} only when Till runs the simulated node):
 * send to an address, replace (RBF), mine, and for tests reorganise. No key: like {@code /simulator/pay}, it moves
 * only simulated money.
 */
final class SimulatedChainRoutes {
    /** An address is at most 90 characters (bech32). */
    private static final int MAX_ADDRESS_LENGTH = 90;

    private final SimChain chain;
    private final ObjectMapper mapper;

    SimulatedChainRoutes(SimChain chain, ObjectMapper mapper) {
        this.chain = chain;
        this.mapper = mapper;
    }

    void send(Context ctx, Caller none) {
        JsonBody body = JsonBody.parse(mapper, ctx.body());
        String address = body.requiredString("address", MAX_ADDRESS_LENGTH);
        long amount = body.requiredLong("amountSat", 1, SimChain.MAX_SAT);
        boolean replaceable = Boolean.TRUE.equals(body.optionalBoolean("replaceable"));
        ctx.json(Map.of("txid", checked(() -> chain.send(address, amount, replaceable))));
    }

    void bump(Context ctx, Caller none) {
        Long amount = ctx.body().isBlank() ? null
                : JsonBody.parse(mapper, ctx.body()).optionalLong("amountSat", 1, SimChain.MAX_SAT);
        String txid = ctx.pathParam("txid");
        try {
            ctx.json(Map.of("txid", checked(() -> chain.bump(txid, amount))));
        } catch (NoSuchElementException e) {
            throw Problem.of(ErrorCode.NOT_IN_MEMPOOL);
        } catch (IllegalStateException e) {
            throw Problem.detailed(ErrorCode.CANNOT_REPLACE, null, e.getMessage());
        }
    }

    void mine(Context ctx, Caller none) {
        Long given = ctx.body().isBlank() ? null
                : JsonBody.parse(mapper, ctx.body()).optionalLong("blocks", 1, SimChain.MAX_BLOCKS_PER_CALL);
        int blocks = given == null ? 1 : given.intValue();
        var hashes = chain.mine(blocks);
        ctx.json(Map.of("blockHashes", hashes, "height", chain.height()));
    }

    void reorg(Context ctx, Caller none) {
        JsonBody body = JsonBody.parse(mapper, ctx.body());
        int blocks = (int) body.requiredLong("blocks", 1, SimChain.MAX_BLOCKS_PER_CALL);
        boolean doubleSpend = Boolean.TRUE.equals(body.optionalBoolean("doubleSpend"));
        ctx.json(Map.of("height", checked(() -> chain.reorg(blocks, doubleSpend))));
    }

    private interface Action<T> {
        T run();
    }

    /** The chain's own refusal of an input (a foreign address, a dust amount, a reorg deeper than the chain) as a 400. */
    private static <T> T checked(Action<T> action) {
        try {
            return action.run();
        } catch (SimChain.InvalidInput e) {
            throw Problem.at(ErrorCode.INVALID_FIELD, e.field(), e.getMessage());
        }
    }
}
