import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from './database';
import { runRows, toNumber } from './sql-rows';

/**
 * User agents as a dictionary (`ua_labels`: hash -> text), like route_labels for routes. While an
 * API's clients use few distinct agents, the top-agents panel groups records by (agent hash,
 * latency bucket, status) in one pass and labels the winners from here, instead of ranking every
 * hash first and histogramming the winners' latencies in a second pass over the records
 * (10M records, 22 agents: 178 -> about 60 ms). With more agents than FEW_AGENTS the dictionary
 * stops growing and the two-pass query answers as before.
 */
export const FEW_AGENTS = 1000;

/**
 * Adds the agents of `relation`'s rows matching `where` (a batch just written) that the dictionary
 * lacks, while it holds at most FEW_AGENTS: up to then it names every agent stored. The hashes
 * are the store's (records.ua_h).
 */
export async function addAgentLabels(
  connection: DuckDBConnection,
  relation: string,
  where: string,
): Promise<void> {
  await connection.run(
    `INSERT INTO ua_labels SELECT ua_h, any_value(user_agent) FROM ${relation} ` +
      `WHERE ${where} AND ua_h IS NOT NULL AND ua_h NOT IN (SELECT h FROM ua_labels) ` +
      `AND (SELECT count(*) FROM ua_labels) <= ${FEW_AGENTS} GROUP BY ua_h`,
  );
}

/** Whether the stored records have few enough agents for the one-pass top list. */
export async function fewAgents(store: Store): Promise<boolean> {
  const rows = await store.read((connection) =>
    runRows(connection, { sql: 'SELECT count(*) AS n FROM ua_labels', params: [] }),
  );
  return toNumber(rows[0].n) <= FEW_AGENTS;
}
