import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuthController } from './auth.controller';
import { AudienceNotices } from './audience-notices.service';
import { AudienceService } from './audience.service';
import { AuthGuard } from './auth.guard';
import { LoginLimiter } from './login-limiter.service';
import { TokenService } from './token.service';
import { UsersService } from './users.service';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({ secret: c.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController],
  providers: [UsersService, TokenService, LoginLimiter, AudienceService, AudienceNotices, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UsersService, TokenService, AudienceService, AudienceNotices],
})
export class AuthModule {}
