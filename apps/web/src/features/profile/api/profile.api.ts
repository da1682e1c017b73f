import type { UpdateMeRequest, UserDto } from '@casebridge/contracts';
import { api } from '../../../lib/api';

export const updateMe = (body: UpdateMeRequest) => api<UserDto>('/me', { method: 'PATCH', body });
