'use client';

import { useQueryStates } from 'nuqs';
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useTransition,
  type ReactNode,
} from 'react';
import type { ColumnId } from '@/lib/dashboard/columns';
import {
  filterParsers,
  filterToValues,
  viewParsers,
  type ViewValues,
} from '@/lib/dashboard/search-params';
import type { LogFilter, RowPage, RowSort } from '@/lib/query/filter';

/** The view as the server parsed it for this render, plus the instants the range resolved to. */
export interface DashboardView {
  filter: LogFilter;
  sort: RowSort;
  page: RowPage;
  columns: ColumnId[];
  row: string | null;
  tz: string;
  drill: string | null;
  /** The range this render shows, resolved (relative ranges end at the render's "now"). */
  resolved: { from: number; to: number };
  now: number;
}

interface Navigation {
  view: DashboardView;
  /** True while the server renders the view a control asked for. */
  pending: boolean;
  /** A new filter: a history entry of its own; back to the first page, detail panel closed. */
  setFilter: (filter: LogFilter) => void;
  /** Table and panel state; `push` for steps worth going back to (page, sort, opened row). */
  setView: (
    values: Partial<{ [K in keyof ViewValues]: ViewValues[K] | null }>,
    history?: 'push' | 'replace',
  ) => void;
}

const NavigationContext = createContext<Navigation | null>(null);

const parsers = { ...filterParsers, ...viewParsers };

/**
 * Every control writes the URL through here, with nuqs: the server renders the new view (shallow:
 * false) inside a transition, so the old view stays on screen, dimmed, until the new one streams in.
 * Controls read the current view from the server's parse (props), never from a copy kept in state.
 */
export function DashboardNavigationProvider({
  view,
  children,
}: {
  view: DashboardView;
  children: ReactNode;
}) {
  const [pending, startTransition] = useTransition();
  const [, setValues] = useQueryStates(parsers, { shallow: false, scroll: false, startTransition });

  const setFilter = useCallback(
    (filter: LogFilter) => {
      void setValues(
        { ...filterToValues(filter), page: null, row: null, drill: null },
        { history: 'push' },
      );
    },
    [setValues],
  );

  const setView = useCallback<Navigation['setView']>(
    (values, history = 'push') => {
      void setValues(values, { history });
    },
    [setValues],
  );

  const value = useMemo(
    () => ({ view, pending, setFilter, setView }),
    [view, pending, setFilter, setView],
  );
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

export function useDashboardNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation)
    throw new Error('useDashboardNavigation needs a DashboardNavigationProvider above it');
  return navigation;
}

/** Dims what it wraps while a navigation is pending, so stale numbers are not mistaken for new. */
export function PendingFade({ children, className }: { children: ReactNode; className?: string }) {
  const { pending } = useDashboardNavigation();
  return (
    <div className={className} data-pending={pending ? 'true' : undefined} aria-busy={pending}>
      {children}
    </div>
  );
}

/** A thin moving line at the top of the header while a new view is on its way. */
export function PendingBar({ className }: { className?: string }) {
  const { pending } = useDashboardNavigation();
  return <div className={className} data-active={pending ? 'true' : 'false'} aria-hidden="true" />;
}
