import type { AuthResponse, LoginRequest, RegisterRequest, ResetPasswordRequest } from '@casebridge/contracts';
import { api } from '../../../lib/api';

export const login = (body: LoginRequest) => api<AuthResponse>('/auth/login', { method: 'POST', body, anonymous: true });
export const register = (body: RegisterRequest) => api<AuthResponse>('/auth/register', { method: 'POST', body, anonymous: true });
export const resetPassword = (body: ResetPasswordRequest) => api<void>('/auth/reset-password', { method: 'POST', body, anonymous: true });
