import { Calendar1732350000000 } from './1732350000000-Calendar';

/** Every migration, in order. Listed explicitly so compiled and test runs see the same set. */
export const migrations = [Calendar1732350000000];
