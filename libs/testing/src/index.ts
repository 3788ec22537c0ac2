export * from './wait-until';
export * from './stack';
export * from './system';
export * from './api-client';
export * from './factories';
export * from './events';
export * from './service-under-test';
export * from './topic-readers';
