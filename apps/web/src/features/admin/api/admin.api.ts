import type {
  CohortDto,
  CreateInvitationRequest,
  InvitationDto,
  PasswordResetDto,
  RoutingMapDto,
  UpdateRoutingMapRequest,
  UpdateUserRequest,
  UserDto,
} from '@casebridge/contracts';
import { api } from '../../../lib/api';

export const createCohort = (name: string) => api<CohortDto>('/cohorts', { method: 'POST', body: { name } });
export const listInvitations = (signal?: AbortSignal) => api<InvitationDto[]>('/invitations', { signal });
export const createInvitation = (body: CreateInvitationRequest) => api<InvitationDto>('/invitations', { method: 'POST', body });
export const listUsers = (signal?: AbortSignal) => api<UserDto[]>('/users', { signal });
export const updateUser = (id: string, body: UpdateUserRequest) => api<UserDto>(`/users/${id}`, { method: 'PATCH', body });
export const issuePasswordReset = (id: string) => api<PasswordResetDto>(`/users/${id}/password-reset`, { method: 'POST', body: {} });

// The NCP domain → profession routing map
export const getRoutingMap = (signal?: AbortSignal) => api<RoutingMapDto>('/routing-map', { signal });
export const saveRoutingMap = (body: UpdateRoutingMapRequest) => api<RoutingMapDto>('/routing-map', { method: 'PUT', body });
