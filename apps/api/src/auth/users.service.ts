import { ConflictException, Injectable } from '@nestjs/common';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ROLES, type Role } from '@cop/contracts';
import type { Db } from '../database/db';
import type { Caller } from './access';
import {
  findOrInsertUser,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  setPasswordHash,
  toAccount,
  type Account,
} from './users.queries';

// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** password_hash of an account whose owner has not set a password yet: no argon2 hash matches it. */
export const NO_PASSWORD = '!invitation-pending';

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().email('must be an email address').max(254),
    role: z.enum(ROLES),
    password: z.string().min(12, 'must be at least 12 characters').max(1024),
    displayName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type NewUser = z.input<typeof newUserSchema>;

/** What a new account needs; without a password its owner sets one through an invitation. */
export interface NewAccount {
  email: string;
  displayName: string;
  role: Role;
  password: string | null;
}

const isUnique = (e: unknown) => (e as { code?: string }).code === '23505';

/**
 * Accounts: the one place that creates them and hashes their passwords (argon2id), and signs
 * them in. `db` parameters let a caller create an account inside its own transaction.
 */
@Injectable()
export class UsersService {
  // A real hash to verify against when the account does not exist, so timing does not reveal it.
  private decoyHash: Promise<string> | null = null;

  constructor(private readonly ds: DataSource) {}

  hashPassword(password: string): Promise<string> {
    return hash(password, ARGON2);
  }

  /** Creates an account; 409 when the email is taken. */
  async createAccount(db: Db, a: NewAccount): Promise<Account> {
    const passwordHash = a.password === null ? NO_PASSWORD : await this.hashPassword(a.password);
    try {
      return toAccount(await insertUser(db, { email: a.email, displayName: a.displayName, role: a.role, passwordHash }));
    } catch (e) {
      if (isUnique(e)) throw new ConflictException(`An account with email ${a.email} already exists.`);
      throw e;
    }
  }

  /** The account with this email, created without a password if there is none; and whether it still needs one. */
  async accountFor(db: Db, a: Omit<NewAccount, 'password'>): Promise<{ account: Account; needsPassword: boolean }> {
    const row = await findOrInsertUser(db, { ...a, passwordHash: NO_PASSWORD });
    return { account: toAccount(row), needsPassword: row.password_hash === NO_PASSWORD };
  }

  /** Whether the account's owner has yet to set a password (through an invitation). */
  async needsPassword(db: Db, id: string): Promise<boolean> {
    return (await findUserById(db, id))?.password_hash === NO_PASSWORD;
  }

  /** Sets a password hashed beforehand with hashPassword (so a transaction does not wait for argon2). */
  setPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
    return setPasswordHash(db, id, passwordHash);
  }

  /** Validates and creates an account with a password (the CLI, the demo seed, tests); 409 when the email is taken. */
  async create(input: NewUser): Promise<Account> {
    const u = newUserSchema.parse(input);
    if (await findUserByEmail(this.ds, u.email)) throw new ConflictException(`An account with email ${u.email} already exists.`);
    return this.createAccount(this.ds, { email: u.email, role: u.role, password: u.password, displayName: u.displayName ?? u.email });
  }

  /** The active account with these credentials, or null. */
  async authenticate(email: string, password: string): Promise<Account | null> {
    const user = await findUserByEmail(this.ds, email.toLowerCase());
    if (!user) {
      this.decoyHash ??= this.hashPassword('not-a-real-password');
      await verify(await this.decoyHash, password).catch(() => false);
      return null;
    }
    const ok = await verify(user.password_hash, password).catch(() => false);
    return ok && !user.disabled_at ? toAccount(user) : null;
  }

  /** The caller an account id stands for now; null when it is gone or deactivated. */
  async callerById(id: string): Promise<Caller | null> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await findUserById(this.ds, id) : undefined;
    return row && !row.disabled_at ? { id: row.id, email: row.email, role: row.role } : null;
  }

  async list(): Promise<Account[]> {
    return (await listUsers(this.ds)).map(toAccount);
  }
}
