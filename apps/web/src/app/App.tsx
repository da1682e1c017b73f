import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, useAuth } from '../lib/auth';
import { Loading } from '../components/ui/feedback';
import { HomePage } from '../features/home/components/HomePage';
import { Layout } from './Layout';
import { LiveRegion } from './LiveRegion';

// Route-level code splitting: only the shell and home are in the first load; every other
// page (sign-in too: it needs the form components) loads on demand, the heaviest being the
// composer with the PHI detector, the charts and the live room.
const LoginPage = lazy(() => import('../features/auth/components/LoginPage'));
const RegisterPage = lazy(() => import('../features/auth/components/RegisterPage'));
const ResetPasswordPage = lazy(() => import('../features/auth/components/ResetPasswordPage'));
const CasesListPage = lazy(() => import('../features/cases/components/CasesListPage'));
const CaseComposerPage = lazy(() => import('../features/cases/components/CaseComposerPage'));
const CasePage = lazy(() => import('../features/cases/components/CasePage'));
const EscalationsPage = lazy(() => import('../features/escalations/components/EscalationsPage'));
const SessionsPage = lazy(() => import('../features/sessions/components/SessionsPage'));
const SessionRoomPage = lazy(() => import('../features/sessions/components/SessionRoomPage'));
const NotificationsPage = lazy(() => import('../features/notifications/components/NotificationsPage'));
const ReviewQueuePage = lazy(() => import('../features/privacy/components/ReviewQueuePage'));
const AdminPage = lazy(() => import('../features/admin/components/AdminPage'));
const AnalyticsPage = lazy(() => import('../features/analytics/components/AnalyticsPage'));
const ProfilePage = lazy(() => import('../features/profile/components/ProfilePage'));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (n, e) => ((e as { status?: number }).status ?? 500) >= 500 && n < 2,
      },
      mutations: { retry: false },
    },
  });
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading label="Checking your session…" />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<Loading />}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        path="/register"
        element={
          <Suspense fallback={<Loading />}>
            <RegisterPage />
          </Suspense>
        }
      />
      <Route
        path="/reset-password"
        element={
          <Suspense fallback={<Loading />}>
            <ResetPasswordPage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="cases" element={<CasesListPage />} />
        <Route path="cases/new" element={<CaseComposerPage />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route path="escalations" element={<EscalationsPage />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="sessions/:id" element={<SessionRoomPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="privacy/reviews" element={<ReviewQueuePage />} />
        <Route path="admin" element={<AdminPage />} />
        <Route path="analytics" element={<AnalyticsPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="*" element={<p>Page not found.</p>} />
      </Route>
    </Routes>
  );
}

const queryClient = createQueryClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <BrowserRouter>
          <LiveRegion />
          <AppRoutes />
        </BrowserRouter>
      </AuthProvider>
    </QueryClientProvider>
  );
}
