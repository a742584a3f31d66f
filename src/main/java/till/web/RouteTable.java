package till.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import java.util.function.Consumer;
import till.account.Caller;

/** Declares routes by {@link Access}: each group's check runs before any of its handlers. */
final class RouteTable {
    /** The one handler style: the request, and the caller its key proved (null on the routes without a key). */
    @FunctionalInterface
    interface Route {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    /** The routes of one access level. */
    final class Group {
        private final Access access;

        private Group(Access access) {
            this.access = access;
        }

        Group get(String path, Route route) {
            routes.get(path, guarded(route));
            return this;
        }

        Group post(String path, Route route) {
            routes.post(path, guarded(route));
            return this;
        }

        Group patch(String path, Route route) {
            routes.patch(path, guarded(route));
            return this;
        }

        Group delete(String path, Route route) {
            routes.delete(path, guarded(route));
            return this;
        }

        /** WebSockets carry no key: only the routes without one may upgrade. */
        Group ws(String path, Consumer<WsConfig> socket) {
            if (access != Access.PUBLIC && access != Access.TERMINAL) {
                throw new IllegalArgumentException("a WebSocket route cannot check a key: " + path);
            }
            routes.ws(path, socket);
            return this;
        }

        private io.javalin.http.Handler guarded(Route route) {
            return ctx -> route.handle(ctx, access.check(auth, ctx));
        }
    }

    private final RoutesConfig routes;
    private final Auth auth;

    RouteTable(RoutesConfig routes, Auth auth) {
        this.routes = routes;
        this.auth = auth;
    }

    void group(Access access, Consumer<Group> declare) {
        declare.accept(new Group(access));
    }
}
