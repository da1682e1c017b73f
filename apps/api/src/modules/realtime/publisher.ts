import { Injectable } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { rooms, type ClientToServerEvents, type Profession, type ServerToClientEvents, type SocketData } from '@casebridge/contracts';
import type { Actor } from '../identity';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData & { actor: Actor }>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData & { actor: Actor }>;
type Args<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>;

/**
 * The typed way features send events: once per room (`io.to(room).emit`), never per socket. With
 * the Redis adapter configured, rooms span every api replica.
 */
@Injectable()
export class Publisher {
  private server?: IoServer;
  private readonly disconnectListeners: ((socket: IoSocket) => void)[] = [];

  attach(server: IoServer): void {
    this.server = server;
  }

  get io(): IoServer {
    if (!this.server) throw new Error('socket.io server not attached yet');
    return this.server;
  }

  toRoom<E extends keyof ServerToClientEvents>(room: string | string[], event: E, ...args: Args<E>): void {
    if (!this.server) return;
    this.server.to(room).emit(event, ...args);
  }
  toUser<E extends keyof ServerToClientEvents>(userId: string | string[], event: E, ...args: Args<E>): void {
    this.toRoom(Array.isArray(userId) ? userId.map(rooms.user) : rooms.user(userId), event, ...args);
  }
  toCase<E extends keyof ServerToClientEvents>(caseId: string, event: E, ...args: Args<E>): void {
    this.toRoom(rooms.case(caseId), event, ...args);
  }
  toSession<E extends keyof ServerToClientEvents>(sessionId: string, event: E, ...args: Args<E>): void {
    this.toRoom(rooms.session(sessionId), event, ...args);
  }
  toFacultyPool<E extends keyof ServerToClientEvents>(professions: Profession[], event: E, ...args: Args<E>): void {
    if (professions.length) this.toRoom(professions.map(rooms.faculty), event, ...args);
  }
  toAll<E extends keyof ServerToClientEvents>(event: E, ...args: Args<E>): void {
    this.server?.emit(event, ...args);
  }

  /** Features (e.g. live-session presence) learn about disconnects without realtime importing them. */
  onDisconnect(listener: (socket: IoSocket) => void): void {
    this.disconnectListeners.push(listener);
  }
  notifyDisconnect(socket: IoSocket): void {
    for (const l of this.disconnectListeners) l(socket);
  }
}
