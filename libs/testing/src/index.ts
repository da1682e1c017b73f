export * from './net';
export * from './servers';
export * from './client';
export * from './defaults';
