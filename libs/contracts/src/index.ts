export * from './languages';
export * from './calendar';
export * from './live';
export * from './registration';
