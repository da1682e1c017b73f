import { Global, Module } from '@nestjs/common';
import { Publisher } from './publisher';
import { ConnectionGateway } from './connection.gateway';

/** Owns the socket.io server; never imports a feature (features import it). */
@Global()
@Module({ providers: [Publisher, ConnectionGateway], exports: [Publisher] })
export class RealtimeModule {}
