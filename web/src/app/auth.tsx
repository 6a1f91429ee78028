import { useEffect, useRef, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { api } from './api/shell.js';
import { apiHooks, isApiError } from './api/client.js';
import type { Ability, MeResponse, Stage, StageResponse } from './contracts.js';
import { setLocale, storedLocale } from './i18n/index.js';

export const ME_KEY = ['me'] as const;

/** The stage a sign-in reached, remembered for the staged pages in case /api/auth/me is not yet allowed. */
let pendingStage: Stage | null = null;
/** Why the session ended (idle, session_expired, unauthenticated), kept so every redirect to sign-in shows it. */
let lostReason: string | null = null;
const loginPath = () => (lostReason ? `/login?reason=${lostReason}` : '/login');

export function stagePath(stage: Stage): string {
  switch (stage) {
    case 'full':
      return '/';
    case 'mfa':
      return '/login/mfa';
    case 'password_change':
      return '/login/password';
    case 'mfa_enrol':
      return '/login/mfa-enrol';
    // Held at sign-in until the agreements due are signed (PER-01/02): the "sign now" page.
    case 'agreements':
      return '/login/agreements';
  }
}

export function useMe() {
  return useQuery<MeResponse | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await api.auth.me();
      } catch (e) {
        if (isApiError(e) && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

/** The signed-in person (only inside <RequireFull/>). */
export function useCurrentUser(): MeResponse {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside a signed-in route');
  return data;
}

/** Whether the signed-in person may do a targetless action; a misspelt ability is a type error. */
export function useAbility(): (key: Ability) => boolean {
  const { data } = useMe();
  return (key) => data?.abilities[key] === true;
}

/** After a stage response: refresh "me", then go where the new stage leads. */
export function useStageNavigate(): (r: StageResponse) => Promise<void> {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async (r) => {
    pendingStage = r.stage;
    lostReason = null;
    await qc.invalidateQueries({ queryKey: ME_KEY });
    await qc.refetchQueries({ queryKey: ME_KEY });
    navigate(stagePath(r.stage), { replace: true });
  };
}

export function useSignOut(): (reason?: string) => Promise<void> {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async (reason) => {
    try {
      await api.auth.logout();
    } catch {
      /* the session may be gone already */
    }
    pendingStage = null;
    lostReason = reason ?? null;
    qc.clear();
    qc.setQueryData(ME_KEY, null);
    navigate(loginPath(), { replace: true });
  };
}

function Loading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 120 }}>
      <Spin size="large" />
    </div>
  );
}

/** Routes for a fully signed-in session; other stages are sent to their page. */
export function RequireFull() {
  const { data, isLoading } = useMe();
  const loc = useLocation();
  if (isLoading) return <Loading />;
  if (!data) return <Navigate to={loginPath()} replace state={{ from: loc.pathname }} />;
  if (data.stage !== 'full') return <Navigate to={stagePath(data.stage)} replace />;
  return <Outlet />;
}

/** A staged sign-in page (MFA, password change, enrolment). */
export function RequireStage({ stage, children }: { stage: Stage; children: ReactNode }) {
  const { data, isLoading } = useMe();
  if (isLoading) return <Loading />;
  const current = data?.stage ?? pendingStage;
  if (!current) return <Navigate to={loginPath()} replace />;
  if (current !== stage) return <Navigate to={stagePath(current)} replace />;
  return <>{children}</>;
}

/** Wires the API client to the router: a lost session goes to sign-in; applies the user's saved language. */
export function AuthBridge() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const loc = useLocation();
  const path = useRef(loc.pathname);
  path.current = loc.pathname;
  const { data } = useMe();

  useEffect(() => {
    apiHooks.onUnauthenticated = (code) => {
      pendingStage = null;
      if (path.current.startsWith('/login')) {
        qc.setQueryData(ME_KEY, null);
        return;
      }
      lostReason = code;
      navigate(loginPath(), { replace: true });
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, null);
    };
    return () => {
      apiHooks.onUnauthenticated = undefined;
    };
  }, [qc, navigate]);

  const userLocale = data?.user.locale;
  useEffect(() => {
    if (!storedLocale() && (userLocale === 'zh-CN' || userLocale === 'en-US')) setLocale(userLocale);
  }, [userLocale]);
  return null;
}

const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/** Client-side idle lock: after `idleTimeoutMinutes` without input, sign out and return to sign-in. */
export function IdleLock({ minutes }: { minutes: number }) {
  const signOut = useSignOut();
  const last = useRef(Date.now());
  useEffect(() => {
    const mark = () => {
      last.current = Date.now();
    };
    for (const ev of ACTIVITY_EVENTS) window.addEventListener(ev, mark, { passive: true });
    const limit = Math.max(1, minutes) * 60_000;
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= limit) {
        window.clearInterval(timer);
        void signOut('idle');
      }
    }, 5_000);
    return () => {
      window.clearInterval(timer);
      for (const ev of ACTIVITY_EVENTS) window.removeEventListener(ev, mark);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minutes]);
  return null;
}
