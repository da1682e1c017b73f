export { RealtimeModule } from './realtime.module';
export { Publisher, type IoServer, type IoSocket } from './publisher';
export { SOCKET_OPTIONS } from './connection.gateway';
export { ack } from './ack';
export { CaseBridgeIoAdapter } from './io.adapter';
export { TickBatcher } from './tick-batcher';
