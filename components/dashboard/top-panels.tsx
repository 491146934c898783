import type { LogRow, TopEntry } from '@/lib/query/results';
import { TopTable } from '@/components/data-table/top-table';
import { SlowestRequests } from '@/components/data-table/slowest-requests';
import { Panel } from '@/components/ui/panel';
import { EmptyState, ErrorState } from '@/components/ui/states';
import type { Outcome } from './load-dashboard';
import styles from './dashboard.module.css';

type Drill = Promise<Outcome<{ paths: TopEntry[]; slowest: LogRow[] }>> | null;

async function DrillDown({ route, drill }: { route: string; drill: NonNullable<Drill> }) {
  const outcome = await drill;
  return (
    <div className={styles.drill} data-testid="route-drill">
      {!outcome.ok ? (
        <ErrorState title="The drill-down could not be computed" message={outcome.error} />
      ) : (
        <>
          <h3>
            Concrete paths of <code>{route}</code>
          </h3>
          {outcome.value.paths.length === 0 ? (
            <EmptyState title="No requests for this route in the range" />
          ) : (
            <TopTable
              entries={outcome.value.paths}
              dimension="path"
              label="Path"
              total={outcome.value.paths.reduce((s, e) => s + e.count, 0)}
              testId="drill-paths"
            />
          )}
          <h3>Slowest requests</h3>
          <SlowestRequests rows={outcome.value.slowest} />
        </>
      )}
    </div>
  );
}

export async function TopRoutesPanel({
  routes,
  drill,
  drillRoute,
}: {
  routes: Promise<Outcome<TopEntry[]>>;
  drill: Drill;
  drillRoute: string | null;
}) {
  const outcome = await routes;
  return (
    <Panel title="Top routes" note="▸ for paths and slowest requests" testId="top-routes">
      {!outcome.ok ? (
        <ErrorState title="Top routes could not be computed" message={outcome.error} />
      ) : outcome.value.length === 0 ? (
        <EmptyState title="No routes in the matching requests">
          <p>Records without $context.resourcePath (or routeKey) have no route template.</p>
        </EmptyState>
      ) : (
        <TopTable
          entries={outcome.value}
          dimension="route"
          label="Route"
          total={outcome.value.reduce((s, e) => s + e.count, 0)}
          drillable
          testId="top-routes-table"
        />
      )}
      {drill && drillRoute !== null && <DrillDown route={drillRoute} drill={drill} />}
    </Panel>
  );
}

export async function TopIpsPanel({ ips }: { ips: Promise<Outcome<TopEntry[]>> }) {
  const outcome = await ips;
  return (
    <Panel title="Top client IPs" testId="top-ips">
      {!outcome.ok ? (
        <ErrorState title="Top IPs could not be computed" message={outcome.error} />
      ) : outcome.value.length === 0 ? (
        <EmptyState title="No client IPs in the matching requests" />
      ) : (
        <TopTable
          entries={outcome.value}
          dimension="ip"
          label="Client IP"
          total={outcome.value.reduce((s, e) => s + e.count, 0)}
          testId="top-ips-table"
        />
      )}
    </Panel>
  );
}

export async function TopUserAgentsPanel({
  userAgents,
}: {
  userAgents: Promise<Outcome<TopEntry[]>>;
}) {
  const outcome = await userAgents;
  return (
    <Panel title="Top user agents" testId="top-user-agents">
      {!outcome.ok ? (
        <ErrorState title="Top user agents could not be computed" message={outcome.error} />
      ) : outcome.value.length === 0 ? (
        <EmptyState title="No user agents in the matching requests">
          <p>
            The format of this range may not log <code>$context.identity.userAgent</code>.
          </p>
        </EmptyState>
      ) : (
        <TopTable
          entries={outcome.value}
          dimension="userAgent"
          label="User agent"
          total={outcome.value.reduce((s, e) => s + e.count, 0)}
          testId="top-user-agents-table"
        />
      )}
    </Panel>
  );
}
