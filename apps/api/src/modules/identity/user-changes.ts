import { Injectable } from '@nestjs/common';

/**
 * Where "this user's stored account changed" is announced (role, moderator flag, cohorts,
 * deactivation, sign-out everywhere, name). UsersRepository announces every write it makes; the
 * user-state cache drops the entry; the realtime gateway forwards the id to the other api replicas.
 * Dependency-free so the repository and the cache can both hold it without importing each other.
 */
@Injectable()
export class UserChanges {
  private readonly listeners: ((userId: string) => void)[] = [];

  on(listener: (userId: string) => void): void {
    this.listeners.push(listener);
  }

  changed(userId: string): void {
    for (const l of this.listeners) l(userId);
  }
}
