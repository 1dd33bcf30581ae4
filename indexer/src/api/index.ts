/**
 * The indexer's HTTP API: Ponder's GraphQL (at / and /graphql) and SQL over HTTP (/sql, for
 * `@ponder/client`). Ponder itself serves /health (the process is up), /ready (the backfill is
 * done), /status (the last indexed block per chain) and /metrics (Prometheus).
 */
import { Hono } from "hono";
import { client, graphql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";

const app = new Hono();
app.use("/sql/*", client({ db, schema }));
app.use("/", graphql({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

export default app;
