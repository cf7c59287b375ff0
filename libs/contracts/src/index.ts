export * from './languages';
export * from './calendar';
export * from './live';
export * from './documents';
export * from './registration';
export * from './streams';
export * from './stream-schemas';
