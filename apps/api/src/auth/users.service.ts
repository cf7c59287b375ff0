import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { z } from 'zod';
import { ROLES, type Role } from '@cop/contracts';
import { User } from './user.entity';

// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().email('must be an email address').max(254),
    role: z.enum(ROLES),
    password: z.string().min(12, 'must be at least 12 characters').max(1024),
    displayName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type NewUser = z.input<typeof newUserSchema>;

@Injectable()
export class UsersService {
  // A real hash to verify against when the account does not exist, so timing does not reveal it.
  private decoyHash: Promise<string> | null = null;

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async create(input: NewUser): Promise<User> {
    const u = newUserSchema.parse(input);
    if (await this.users.exist({ where: { email: u.email } })) {
      throw new ConflictException(`An account with email ${u.email} already exists.`);
    }
    const passwordHash = await hash(u.password, ARGON2);
    return this.users.save(
      this.users.create({ email: u.email, role: u.role as Role, passwordHash, displayName: u.displayName ?? u.email }),
    );
  }

  /** The active user with these credentials, or null. */
  async authenticate(email: string, password: string): Promise<User | null> {
    const user = await this.users.findOne({ where: { email: email.toLowerCase() } });
    if (!user) {
      this.decoyHash ??= hash('not-a-real-password', ARGON2);
      await verify(await this.decoyHash, password).catch(() => false);
      return null;
    }
    const ok = await verify(user.passwordHash, password).catch(() => false);
    return ok && !user.disabledAt ? user : null;
  }

  count(): Promise<number> {
    return this.users.count();
  }

  list(): Promise<User[]> {
    return this.users.find({ order: { email: 'ASC' } });
  }
}
